namespace AdvisoryWatch.Departments;

/// <summary>What a coordinator may change of the department itself: its language (nb, sv, en) and IANA time zone.</summary>
public sealed record DepartmentSettingsInput(string? Language, string? TimeZone);
