using AdvisoryWatch.Access;
using AdvisoryWatch.Hosting.Web;
using AdvisoryWatch.Overview.Pages;

namespace AdvisoryWatch.Overview;

/// <summary>The start page: what is new, what waits for my departments, what is broken.</summary>
public static class OverviewFeature
{
    public static WebApplicationBuilder AddOverview(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddNavigation(new NavigationEntry("/", typeof(OverviewText), "MenuOverview", AccessRole.Reader, 10));
        return builder;
    }
}
