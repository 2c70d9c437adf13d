using AdvisoryWatch.Access;

namespace AdvisoryWatch.Hosting.Web;

/// <summary>
/// A link in the layout's menus, added by the feature that owns the page (<see cref="WebPages.AddNavigation"/>),
/// so the layout never names a feature. Shown to whoever has <see cref="Role"/> or more.
/// </summary>
/// <param name="Path">The page's address; the entry is marked current for it and the pages below it.</param>
/// <param name="Text">The feature's text class (its resx set) that holds <paramref name="Key"/>.</param>
/// <param name="Key">The text of the link, in <paramref name="Text"/>.</param>
/// <param name="Role">The least role that sees the link.</param>
/// <param name="Order">Position in its menu, lowest first.</param>
/// <param name="Area">Which menu.</param>
public sealed record NavigationEntry(string Path, Type Text, string Key, AccessRole Role, int Order, NavigationArea Area = NavigationArea.Main)
{
    /// <summary>A button posting a form with an antiforgery token (signing out), not a link.</summary>
    public bool IsPost { get; init; }

    /// <summary>Whether <paramref name="requestPath"/> is this entry's page or one below it.</summary>
    public bool IsCurrent(PathString requestPath) =>
        Path == "/" ? requestPath == "/" : requestPath.StartsWithSegments(Path, StringComparison.OrdinalIgnoreCase);
}
