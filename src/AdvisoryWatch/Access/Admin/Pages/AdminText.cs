namespace AdvisoryWatch.Access.Admin.Pages;

/// <summary>The administration pages' texts (<c>AdminText.resx</c>, <c>.nb.resx</c>, <c>.sv.resx</c>).</summary>
public sealed class AdminText;
