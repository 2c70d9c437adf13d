namespace AdvisoryWatch.Hosting.Web;

/// <summary>Where the layout shows a <see cref="NavigationEntry"/>.</summary>
public enum NavigationArea
{
    /// <summary>The main menu: the product's pages.</summary>
    Main,

    /// <summary>Beside the signed-in person's name: their account, signing out.</summary>
    Account,
}
