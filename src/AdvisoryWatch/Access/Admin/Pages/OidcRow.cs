namespace AdvisoryWatch.Access.Admin.Pages;

/// <summary>One entry of the group mapping as the form holds it: departments comma-separated; a row without a group is left out.</summary>
public sealed class OidcRow
{
    public string? Group { get; set; }

    public string? Role { get; set; }

    public string? Departments { get; set; }

    public bool IsBlank => string.IsNullOrWhiteSpace(Group) && string.IsNullOrWhiteSpace(Departments);
}
