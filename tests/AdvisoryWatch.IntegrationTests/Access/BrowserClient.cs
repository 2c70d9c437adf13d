using System.Net;
using System.Text.RegularExpressions;

namespace AdvisoryWatch.IntegrationTests.Access;

/// <summary>
/// What a browser does with the account pages: keeps cookies (the session and antiforgery
/// cookies are Secure and <c>__Host-</c>, so the app is served over HTTPS), follows no redirect by
/// itself, and posts forms with the antiforgery token the page gave it.
/// </summary>
public sealed partial class BrowserClient : IDisposable
{
    private readonly HttpClientHandler _handler;

    public BrowserClient(Uri baseAddress, CookieContainer? cookies = null)
    {
        _handler = TestCertificate.TrustingHandler();
        _handler.AllowAutoRedirect = false;
        _handler.CookieContainer = cookies ?? new CookieContainer();
        Http = new HttpClient(_handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public HttpClient Http { get; }

    public CookieContainer Cookies => _handler.CookieContainer;

    public async Task<(HttpStatusCode Status, string Body)> GetAsync(string path)
    {
        using var response = await Http.GetAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    /// <summary>Loads the page at <paramref name="path"/> and posts its form (the <paramref name="handler"/> one, if named) with these fields.</summary>
    public async Task<PostResult> SubmitAsync(string path, IReadOnlyDictionary<string, string> fields, string? handler = null)
    {
        var (status, page) = await GetAsync(path);
        Assert.True(status == HttpStatusCode.OK, $"GET {path}: {status}\n{page}");
        return await PostAsync(FormAction(page, path, handler), fields, AntiforgeryToken(page));
    }

    /// <summary>Posts to <paramref name="action"/> with the given antiforgery token (or none).</summary>
    public async Task<PostResult> PostAsync(string action, IReadOnlyDictionary<string, string> fields, string? antiforgeryToken)
    {
        var form = new Dictionary<string, string>(fields);
        if (antiforgeryToken is not null)
        {
            form["__RequestVerificationToken"] = antiforgeryToken;
        }

        using var content = new FormUrlEncodedContent(form);
        using var response = await Http.PostAsync(new Uri(action, UriKind.Relative), content, TestContext.Current.CancellationToken);
        return new PostResult(response.StatusCode, response.Headers.Location?.OriginalString, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    /// <summary>Signs in with a password; the result of the POST (a redirect on success).</summary>
    public Task<PostResult> SignInAsync(string email, string password) =>
        SubmitAsync("/account/sign-in", new Dictionary<string, string> { ["Email"] = email, ["Password"] = password });

    public static string AntiforgeryToken(string page) =>
        TokenPattern().Match(page) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : throw new InvalidOperationException("No antiforgery token in the page:\n" + page);

    /// <summary>The text of the element with this id, or null.</summary>
    public static string? ById(string page, string id) =>
        Regex.Match(page, $"id=\"{Regex.Escape(id)}\">(.*?)</", RegexOptions.Singleline) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value).Trim() : null;

    private static string FormAction(string page, string path, string? handler)
    {
        // The page's own forms, not the layout's (signing out, the language choice).
        var start = page.IndexOf("<main", StringComparison.Ordinal);
        var end = page.IndexOf("</main>", StringComparison.Ordinal);
        var content = start >= 0 && end > start ? page[start..end] : page;
        foreach (Match m in FormPattern().Matches(content))
        {
            var action = WebUtility.HtmlDecode(m.Groups[1].Value);
            if (handler is null || action.Contains("handler=" + handler, StringComparison.OrdinalIgnoreCase))
            {
                return action.Length == 0 ? path : action;
            }
        }

        return handler is null ? path : throw new InvalidOperationException($"No form for handler {handler} in:\n{page}");
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    [GeneratedRegex("<form method=\"post\"(?: action=\"([^\"]*)\")?")]
    private static partial Regex FormPattern();

    public void Dispose()
    {
        Http.Dispose();
        _handler.Dispose();
    }
}

public sealed record PostResult(HttpStatusCode Status, string? Location, string Body);
