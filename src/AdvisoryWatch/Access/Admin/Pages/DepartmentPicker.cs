namespace AdvisoryWatch.Access.Admin.Pages;

/// <summary>The departments to tick in a form (<c>_Departments.cshtml</c>): every department, those ticked, and the field's name.</summary>
public sealed record DepartmentPicker(string Field, IReadOnlyList<(string Id, string Name)> All, IReadOnlyCollection<string> Selected);
