namespace AdvisoryWatch.Access.Admin.Pages;

/// <summary>A role to choose in a form (<c>_RoleSelect.cshtml</c>): the field's name, the role chosen, and whether "no role" may be chosen.</summary>
public sealed record RoleChoice(string Field, string? Selected, bool AllowNone = false);
