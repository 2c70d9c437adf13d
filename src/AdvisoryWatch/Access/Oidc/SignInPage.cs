using System.Text.Encodings.Web;

namespace AdvisoryWatch.Access.Oidc;

/// <summary>A short HTML page that says why a sign-in ended where it did, with a way to try again.</summary>
internal static class SignInPage
{
    public static async Task WriteAsync(HttpResponse response, int status, string title, string message)
    {
        var html = HtmlEncoder.Default;
        response.StatusCode = status;
        response.ContentType = "text/html; charset=utf-8";
        response.Headers.CacheControl = "no-store";
        await response.WriteAsync(
            $"""
            <!doctype html>
            <html lang="en">
            <head><meta charset="utf-8"><title>{html.Encode(title)} – AdvisoryWatch</title></head>
            <body>
            <h1>{html.Encode(title)}</h1>
            <p>{html.Encode(message)}</p>
            <p><a href="/signin/oidc">Sign in again</a></p>
            </body>
            </html>
            """,
            response.HttpContext.RequestAborted);
    }
}
