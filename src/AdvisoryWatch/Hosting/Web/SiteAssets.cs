namespace AdvisoryWatch.Hosting.Web;

/// <summary>
/// The stylesheet, from the executable itself: no content root or wwwroot to find wherever the
/// product is started, and nothing from another host. Public, like every static asset.
/// </summary>
public static class SiteAssets
{
    public const string StylesheetPath = "/assets/site.css";

    private static readonly Lazy<string> Stylesheet = new(() =>
    {
        using var stream = typeof(SiteAssets).Assembly.GetManifestResourceStream("AdvisoryWatch.assets.site.css")
            ?? throw new InvalidOperationException("The stylesheet is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    public static WebApplication MapSiteAssets(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet(StylesheetPath, (HttpContext context) =>
        {
            context.Response.Headers.CacheControl = "public, max-age=3600";
            return Results.Text(Stylesheet.Value, "text/css; charset=utf-8");
        }).AllowAnonymous();
        return app;
    }
}
