namespace AdvisoryWatch.Hosting.Web;

/// <summary>The layout's texts (<c>LayoutText.resx</c>, <c>.nb.resx</c>, <c>.sv.resx</c>).</summary>
public sealed class LayoutText;
