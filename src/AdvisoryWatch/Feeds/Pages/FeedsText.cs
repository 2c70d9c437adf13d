namespace AdvisoryWatch.Feeds.Pages;

/// <summary>The feed pages' texts (<c>FeedsText.resx</c>, <c>.nb.resx</c>, <c>.sv.resx</c>).</summary>
public sealed class FeedsText;
