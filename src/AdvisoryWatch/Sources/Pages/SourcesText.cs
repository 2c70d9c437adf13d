namespace AdvisoryWatch.Sources.Pages;

/// <summary>The sources pages' texts (<c>SourcesText.resx</c>, <c>.nb.resx</c>, <c>.sv.resx</c>).</summary>
public sealed class SourcesText;
