using System.Net;
using System.Text.RegularExpressions;

namespace AdvisoryWatch.IntegrationTests.Access;

/// <summary>A cookie as the server set it: its value and its attributes as written (lower case).</summary>
public sealed record BrowserCookie(string Name, string Value, string Path, IReadOnlySet<string> Attributes);

/// <summary>
/// What a browser does during a sign-in, done by hand: keeps cookies per origin, follows redirects,
/// and submits a page's self-posting form (the provider's form_post answer). The product marks its
/// cookies Secure (and the session cookie <c>__Host-</c>); a browser sends those over https only,
/// and the tests run on plain http on loopback, so this jar sends them anyway — on purpose, instead
/// of weakening the product's cookies for the tests.
/// </summary>
public sealed partial class TestBrowser : IDisposable
{
    private const int MaxHops = 10;

    private readonly HttpClient _http = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
    private readonly Dictionary<string, Dictionary<string, BrowserCookie>> _jar = new(StringComparer.OrdinalIgnoreCase);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The cookies held for <paramref name="origin"/>'s scheme, host and port.</summary>
    public IReadOnlyDictionary<string, BrowserCookie> Cookies(Uri origin) =>
        _jar.TryGetValue(Origin(origin), out var cookies) ? cookies : new Dictionary<string, BrowserCookie>();

    /// <summary>One request, with the cookies that apply and the cookies it sets kept; no redirect followed.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, Uri url, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, url) { Content = content };
        var cookies = Cookies(url).Values.Where(c => url.AbsolutePath.StartsWith(c.Path, StringComparison.Ordinal)).ToList();
        if (cookies.Count > 0)
        {
            request.Headers.Add("Cookie", string.Join("; ", cookies.Select(c => $"{c.Name}={c.Value}")));
        }

        var response = await _http.SendAsync(request, Ct);
        if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
        {
            foreach (var line in setCookies)
            {
                Store(url, line);
            }
        }

        return response;
    }

    /// <summary>Goes to <paramref name="url"/> as a browser would: following redirects and self-posting forms. Returns the last answer and every address visited.</summary>
    public async Task<(HttpResponseMessage Response, IReadOnlyList<Uri> Visited)> NavigateAsync(Uri url)
    {
        var visited = new List<Uri>();
        var method = HttpMethod.Get;
        HttpContent? content = null;
        for (var hop = 0; hop < MaxHops; hop++)
        {
            visited.Add(url);
            var response = await SendAsync(method, url, content);
            if ((int)response.StatusCode is >= 300 and < 400 && response.Headers.Location is { } location)
            {
                url = location.IsAbsoluteUri ? location : new Uri(url, location);
                (method, content) = (HttpMethod.Get, null);
                response.Dispose();
                continue;
            }

            var body = response.Content.Headers.ContentType?.MediaType == "text/html" ? await response.Content.ReadAsStringAsync(Ct) : "";
            if (response.StatusCode == HttpStatusCode.OK && body.Contains("onload=\"document.forms[0].submit()\"", StringComparison.Ordinal)
                && SelfPostingForm().Match(body) is { Success: true } form)
            {
                url = new Uri(url, WebUtility.HtmlDecode(form.Groups["action"].Value));
                var fields = HiddenField().Matches(form.Groups["fields"].Value)
                    .Select(m => new KeyValuePair<string, string>(WebUtility.HtmlDecode(m.Groups["name"].Value), WebUtility.HtmlDecode(m.Groups["value"].Value)));
                (method, content) = (HttpMethod.Post, new FormUrlEncodedContent(fields));
                response.Dispose();
                continue;
            }

            return (response, visited);
        }

        throw new InvalidOperationException("More than " + MaxHops + " hops: " + string.Join(" -> ", visited));
    }

    public void Dispose() => _http.Dispose();

    private static string Origin(Uri url) => url.GetLeftPart(UriPartial.Authority);

    private void Store(Uri url, string setCookie)
    {
        var parts = setCookie.Split(';', StringSplitOptions.TrimEntries);
        var pair = parts[0].Split('=', 2);
        var attributes = parts.Skip(1).Where(p => p.Length > 0).ToList();
        var flags = attributes.Select(a => a.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
        var path = attributes.Select(a => a.Split('=', 2)).FirstOrDefault(a => a.Length == 2 && a[0].Equals("path", StringComparison.OrdinalIgnoreCase))?[1] ?? "/";
        var expired = attributes.Any(a => a.StartsWith("expires=", StringComparison.OrdinalIgnoreCase)
            && DateTimeOffset.TryParse(a[8..], System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var expires)
            && expires < TimeProvider.System.GetUtcNow())
            || flags.Contains("max-age=0");
        if (!_jar.TryGetValue(Origin(url), out var cookies))
        {
            cookies = new Dictionary<string, BrowserCookie>(StringComparer.Ordinal);
            _jar[Origin(url)] = cookies;
        }

        if (expired || pair.Length < 2 || pair[1].Length == 0)
        {
            cookies.Remove(pair[0]);
        }
        else
        {
            cookies[pair[0]] = new BrowserCookie(pair[0], pair[1], path, flags);
        }
    }

    [GeneratedRegex("<form method=\"post\" action=\"(?<action>[^\"]*)\">(?<fields>.*?)</form>", RegexOptions.Singleline)]
    private static partial Regex SelfPostingForm();

    [GeneratedRegex("<input type=\"hidden\" name=\"(?<name>[^\"]*)\" value=\"(?<value>[^\"]*)\">")]
    private static partial Regex HiddenField();
}
