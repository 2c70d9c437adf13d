using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace AdvisoryWatch.Hosting.Web;

/// <summary>
/// The pages' cookies are <c>__Host-</c> and Secure, and the antiforgery system refuses to issue
/// its token over plain HTTP (an exception, a bare 500). Say why instead: HTTPS at Kestrel, or at
/// a proxy whose forwarded headers the product is configured to trust.
/// </summary>
internal sealed partial class HttpsOnlyPageFilter(ILogger<HttpsOnlyPageFilter> logger) : IAuthorizationFilter, IOrderedFilter
{
    internal const string Explanation =
        "AdvisoryWatch's pages are served over HTTPS only (their cookies are Secure). " +
        "Serve it over HTTPS (a Kestrel certificate), or behind a TLS proxy whose forwarded headers it is configured to trust; " +
        "on the machine it runs on, http://localhost works as HTTPS does.";

    /// <summary>Before the antiforgery check, which throws on plain HTTP.</summary>
    public int Order => int.MinValue;

    public void OnAuthorization(AuthorizationFilterContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.HttpContext.Request.IsHttps && !LoopbackSecureContext.Applies(context.HttpContext))
        {
            LogPlainHttp(context.HttpContext.Request.Path);
            context.Result = new ContentResult { StatusCode = StatusCodes.Status400BadRequest, ContentType = "text/plain; charset=utf-8", Content = Explanation };
        }
    }

    [LoggerMessage(EventId = 1210, Level = LogLevel.Warning, Message = "Page {Path} asked for over plain HTTP; refused (HTTPS only)")]
    private partial void LogPlainHttp(string path);
}
