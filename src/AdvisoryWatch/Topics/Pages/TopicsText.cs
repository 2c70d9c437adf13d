namespace AdvisoryWatch.Topics.Pages;

/// <summary>The topic rule pages' texts (<c>TopicsText.resx</c>, <c>.nb.resx</c>, <c>.sv.resx</c>).</summary>
public sealed class TopicsText;
