using Microsoft.AspNetCore.HostFiltering;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace AdvisoryWatch.Hosting.Web;

/// <summary>
/// What the web host accepts before any feature sees a request: which <c>Host</c> names (DNS
/// rebinding), which proxies' forwarded headers, how large a body, requests from which sites; and
/// the security headers on every response.
/// </summary>
public static class WebHardening
{
    public static WebApplicationBuilder AddWebHardening(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<WebOptions>()
            .BindSection(WebOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<WebOptions>>((forwarded, web) =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var network in web.Value.TrustedProxyNetworks())
            {
                forwarded.KnownIPNetworks.Add(network);
            }
        });

        // The standard AllowedHosts key wins; without it, the host of the public address and loopback
        // (so the product answers on its own machine). A name not on the list gets 400: a page on
        // another site whose name resolves to this host (DNS rebinding) cannot read it.
        builder.Services.AddOptions<HostFilteringOptions>().PostConfigure<IConfiguration, IEnumerable<PublicHost>>((filtering, configuration, published) =>
        {
            if (string.IsNullOrWhiteSpace(configuration["AllowedHosts"]))
            {
                filtering.AllowedHosts = [.. published.Select(p => p.Name), "localhost", "127.0.0.1", "[::1]"];
            }
        });
        return builder;
    }

    /// <summary>Forwarded headers, security headers, cross-origin refusal: before authentication and every endpoint.</summary>
    public static WebApplication UseWebHardening(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.Services.GetRequiredService<IOptions<WebOptions>>().Value;

        // With no proxies listed the middleware would believe everyone, so it is left out.
        if (options.TrustedProxies.Count > 0)
        {
            app.UseForwardedHeaders();
        }

        // Per request rather than on Kestrel's options, which are read when the host is built,
        // before the configuration is validated.
        app.Use((context, next) =>
        {
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            {
                limit.MaxRequestBodySize = options.MaxRequestBodyBytes;
            }

            return next(context);
        });

        app.UseMiddleware<SecurityHeaders>();
        app.UseMiddleware<CrossOriginProtection>();
        return app;
    }
}
