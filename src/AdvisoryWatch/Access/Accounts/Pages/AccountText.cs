namespace AdvisoryWatch.Access.Accounts.Pages;

/// <summary>The account pages' texts (<c>AccountText.resx</c>, <c>.nb.resx</c>, <c>.sv.resx</c>).</summary>
public sealed class AccountText;
