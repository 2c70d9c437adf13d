namespace AdvisoryWatch.Apps.Pages;

/// <summary>The app register's pages' texts (<c>AppsText.resx</c>, <c>.nb.resx</c>, <c>.sv.resx</c>).</summary>
public sealed class AppsText;
