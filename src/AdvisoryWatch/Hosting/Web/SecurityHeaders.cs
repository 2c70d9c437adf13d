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

    private const string OwnPolicyKey = "AdvisoryWatch.OwnContentSecurityPolicy";

    /// <summary>
    /// For a document the product's own pages show in a sandboxed frame (a rendered mail): its
    /// <paramref name="policy"/> replaces the usual one, and only the product's own pages may frame it.
    /// The policy must itself say <c>frame-ancestors 'self'</c>.
    /// </summary>
    public static void FramedBySelf(HttpContext context, string policy)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Items[OwnPolicyKey] = policy;
    }

    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            var own = context.Items[OwnPolicyKey] as string;
            headers.ContentSecurityPolicy = own ?? ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = own is null ? "DENY" : "SAMEORIGIN";

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
