using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AdvisoryWatch.IntegrationTests;

/// <summary>What the stub answers on one path.</summary>
public sealed record StubResponse(int Status, string Body = "", string ContentType = "application/rss+xml; charset=utf-8")
{
    /// <summary>Sent as ETag; a request whose If-None-Match matches gets 304.</summary>
    public string? ETag { get; init; }

    public string? Location { get; init; }

    public string? RetryAfter { get; init; }

    /// <summary>Waits this long before answering (a slow authority).</summary>
    public TimeSpan Delay { get; init; }
}

/// <summary>
/// Plays the authorities on a loopback port: each path answers what the test last set, conditional
/// GETs are honoured, and every request is counted.
/// </summary>
public sealed class AuthorityStub : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, StubResponse> _routes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _hits = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(string Path, string? IfNoneMatch)> _requests = new();
    private readonly WebApplication _app;

    private AuthorityStub(WebApplication app) => _app = app;

    public Uri BaseUrl { get; private set; } = null!;

    /// <param name="address">A loopback address: 127.0.0.2 plays a second host.</param>
    public static async Task<AuthorityStub> StartAsync(string address = "127.0.0.1")
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://{address}:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var stub = new AuthorityStub(app);
        app.Run(stub.HandleAsync);
        await app.StartAsync();
        stub.BaseUrl = new Uri(app.Urls.First() + "/");
        return stub;
    }

    public Uri Url(string path) => new(BaseUrl, path.TrimStart('/'));

    public void Set(string path, StubResponse response) => _routes["/" + path.TrimStart('/')] = response;

    public int Hits(string path) => _hits.GetValueOrDefault("/" + path.TrimStart('/'));

    /// <summary>Requests per path, for the paths starting with <paramref name="prefix"/>.</summary>
    public IReadOnlyDictionary<string, int> HitsUnder(string prefix) =>
        _hits.Where(h => h.Key.StartsWith("/" + prefix.TrimStart('/'), StringComparison.Ordinal)).ToDictionary(h => h.Key, h => h.Value, StringComparer.Ordinal);

    public IReadOnlyList<(string Path, string? IfNoneMatch)> Requests => [.. _requests];

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        _hits.AddOrUpdate(path, 1, (_, n) => n + 1);
        var ifNoneMatch = context.Request.Headers.IfNoneMatch.ToString();
        _requests.Enqueue((path, ifNoneMatch.Length == 0 ? null : ifNoneMatch));
        if (!_routes.TryGetValue(path, out var r))
        {
            context.Response.StatusCode = 404;
            return;
        }

        if (r.Delay > TimeSpan.Zero)
        {
            await Task.Delay(r.Delay, context.RequestAborted);
        }

        if (r.ETag is not null && ifNoneMatch == r.ETag && r.Status == 200)
        {
            context.Response.StatusCode = 304;
            context.Response.Headers.ETag = r.ETag;
            return;
        }

        context.Response.StatusCode = r.Status;
        if (r.ETag is not null)
        {
            context.Response.Headers.ETag = r.ETag;
        }

        if (r.Location is not null)
        {
            context.Response.Headers.Location = r.Location;
        }

        if (r.RetryAfter is not null)
        {
            context.Response.Headers.RetryAfter = r.RetryAfter;
        }

        context.Response.ContentType = r.ContentType;
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(r.Body), context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>An RSS 2.0 feed shaped like NSM's: Norwegian titles, RFC 822 dates, guids.</summary>
    public static string Rss(params (string Guid, string Title, string Description, string Date)[] items)
    {
        var sb = new StringBuilder("""<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>NSM – alle oppdateringer</title><link>https://nsm.no/aktuelt/</link><description>Oppdateringer</description><language>nb-NO</language>""");
        foreach (var (guid, title, description, date) in items)
        {
            sb.Append("<item><title>").Append(System.Security.SecurityElement.Escape(title)).Append("</title><link>https://nsm.no/aktuelt/")
              .Append(guid).Append("</link><guid isPermaLink=\"false\">").Append(guid).Append("</guid><description>")
              .Append(System.Security.SecurityElement.Escape(description)).Append("</description><pubDate>").Append(date).Append("</pubDate></item>");
        }

        return sb.Append("</channel></rss>").ToString();
    }

    /// <summary>A guidance page shaped like nsm.no's: a main element with the text, and a "last updated" stamp to exclude.</summary>
    public static string Page(string title, params string[] paragraphs) =>
        $"<!doctype html><html lang=\"nb\"><head><title>{title}</title></head><body><nav>Meny</nav><main><h1>{title}</h1>"
        + string.Concat(paragraphs.Select(p => $"<p>{p}</p>"))
        + $"<p class=\"updated\">Sist oppdatert {Guid.NewGuid():N}</p></main><footer>NSM</footer></body></html>";
}
