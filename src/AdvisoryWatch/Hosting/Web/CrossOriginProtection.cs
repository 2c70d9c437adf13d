namespace AdvisoryWatch.Hosting.Web;

/// <summary>
/// Refuses a state-changing request that a browser sent from another site, whatever it carries:
/// a page elsewhere must not be able to make a signed-in user's browser re-tag history or change
/// rules. Browsers say where a request comes from (<c>Sec-Fetch-Site</c>, else <c>Origin</c>);
/// requests without either come from programs, not pages, and a bearer key is never sent by a
/// browser on its own, so neither needs this check. Forms also carry an antiforgery token.
/// </summary>
public sealed partial class CrossOriginProtection(RequestDelegate next, ILogger<CrossOriginProtection> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method)
            || request.Headers.Authorization.Count > 0
            || IsSameOrigin(request))
        {
            await next(context);
            return;
        }

        LogRefused(logger, request.Method, request.Path, request.Headers.Origin.ToString(), request.Headers["Sec-Fetch-Site"].ToString());
        await TypedResults.Problem(
            statusCode: StatusCodes.Status403Forbidden,
            title: "Cross-origin request refused",
            detail: "A request that changes something must come from this site's own pages (or carry an API key).")
            .ExecuteAsync(context);
    }

    private static bool IsSameOrigin(HttpRequest request)
    {
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Length > 0)
        {
            return site is "same-origin" or "none";
        }

        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0)
        {
            return true;
        }

        // The host alone, as browsers' own same-origin checks of this kind do: behind a proxy that
        // ends TLS the request's scheme is http while the page's is https.
        return Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cross-origin {Method} {Path} refused (Origin {Origin}, Sec-Fetch-Site {FetchSite})")]
    private static partial void LogRefused(ILogger logger, string method, PathString path, string origin, string fetchSite);
}
