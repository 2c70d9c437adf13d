namespace AdvisoryWatch.Hosting.Web;

/// <summary>
/// Headers on every response that keep a page of this product from being framed, sniffed or made
/// to run script it did not serve: everything the product shows comes from itself, and text from
/// authorities' sites is hostile.
/// </summary>
public sealed class SecurityHeaders(RequestDelegate next)
{
    /// <summary>No inline script or style, nothing from another host, never framed.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'";

    // A year, the value the HSTS preload list asks for; sent only over HTTPS, where a browser heeds it.
    private const string StrictTransportSecurity = "max-age=31536000; includeSubDomains";

    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";

            // Links in mail carry unsubscribe and acknowledge tokens; no page passes its address on.
            headers["Referrer-Policy"] = "no-referrer";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
            if (context.Request.IsHttps)
            {
                headers.StrictTransportSecurity = StrictTransportSecurity;
            }

            return Task.CompletedTask;
        });
        return next(context);
    }
}
