namespace AdvisoryWatch.Overview.Pages;

/// <summary>The overview page's texts (<c>OverviewText.resx</c>, <c>.nb.resx</c>, <c>.sv.resx</c>).</summary>
public sealed class OverviewText;
