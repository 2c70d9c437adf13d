namespace AdvisoryWatch.FollowUp.Pages;

/// <summary>The follow-up pages' texts (<c>FollowUpText.resx</c>, <c>.nb.resx</c>, <c>.sv.resx</c>).</summary>
public sealed class FollowUpText;
