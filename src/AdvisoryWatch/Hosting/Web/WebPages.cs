using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.WebEncoders;

namespace AdvisoryWatch.Hosting.Web;

/// <summary>
/// The server-rendered pages: Razor Pages that live in their features' folders (each names its
/// address with <c>@page "/…"</c>), one layout whose menus the features fill, and the reader's
/// language (English, Norwegian Bokmål, Swedish) from their choice or else the browser's.
/// </summary>
public static class WebPages
{
    /// <summary>The page languages; English first, as the default.</summary>
    public static readonly IReadOnlyList<string> Languages = ["en", "nb", "sv"];

    /// <summary>The reader's choice of language, as ASP.NET Core's culture cookie; as strict as every other cookie.</summary>
    public const string LanguageCookie = "__Host-AdvisoryWatch-Language";

    public static WebApplicationBuilder AddWebPages(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;

        // Pages sit with their feature (Sources/Pages/…), not in one Pages folder.
        services.AddRazorPages(o =>
        {
            o.RootDirectory = "/";
            o.Conventions.ConfigureFilter(new ServiceFilterAttribute(typeof(HttpsOnlyPageFilter)) { Order = int.MinValue });
        });
        services.AddSingleton<HttpsOnlyPageFilter>();
        services.AddSingleton<PageTime>();
        services.AddLocalization();

        // Pages in Norwegian and Swedish: å, ø and ä as themselves, not as character references.
        services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        services.Configure<RequestLocalizationOptions>(o =>
        {
            var cultures = Languages.Select(CultureInfo.GetCultureInfo).ToList();
            o.DefaultRequestCulture = new RequestCulture("en");
            o.SupportedCultures = cultures;
            o.SupportedUICultures = cultures;
            o.FallBackToParentCultures = true;
            o.FallBackToParentUICultures = true;
            o.RequestCultureProviders =
            [
                new CookieRequestCultureProvider { CookieName = LanguageCookie },
                new AcceptLanguageHeaderRequestCultureProvider(),

                // Browsers set to plain Norwegian say "no" or "nn"; Bokmål is the nearest the pages speak.
                new CustomRequestCultureProvider(context => Task.FromResult(NorwegianFromBrowser(context))),
            ];
        });
        return builder;
    }

    /// <summary>Adds a link to the layout's menus (from the feature that owns the page).</summary>
    public static IServiceCollection AddNavigation(this IServiceCollection services, NavigationEntry entry)
    {
        ArgumentNullException.ThrowIfNull(services);
        return services.AddSingleton(entry);
    }

    public static WebApplication MapWebPages(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseRequestLocalization();
        app.MapRazorPages();
        return app;
    }

    private static ProviderCultureResult? NorwegianFromBrowser(HttpContext context)
    {
        foreach (var language in context.Request.GetTypedHeaders().AcceptLanguage.OrderByDescending(l => l.Quality ?? 1))
        {
            var tag = language.Value.Value ?? "";
            if (tag.StartsWith("no", StringComparison.OrdinalIgnoreCase) || tag.StartsWith("nn", StringComparison.OrdinalIgnoreCase))
            {
                return new ProviderCultureResult("nb");
            }
        }

        return null;
    }
}
