using AdvisoryWatch.Access.Admin.Pages;
using AdvisoryWatch.Hosting.Web;

namespace AdvisoryWatch.Access.Admin;

/// <summary>
/// The administration pages (users, OpenID Connect mapping, API keys, the audit log, the
/// notification relay): each a page over the code the command line and the JSON API already use.
/// </summary>
public static class AdministrationSetup
{
    public static IServiceCollection AddAdministration(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return services.AddNavigation(new NavigationEntry("/admin", typeof(AdminText), "MenuAdministration", AccessRole.Admin, 90));
    }
}
