namespace AdvisoryWatch.Departments.Pages;

/// <summary>The department pages' texts (<c>DepartmentsText.resx</c>, <c>.nb.resx</c>, <c>.sv.resx</c>).</summary>
public sealed class DepartmentsText;
