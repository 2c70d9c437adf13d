namespace AdvisoryWatch.Apps;

/// <summary>An app in the register; <see cref="Uses"/> holds only the departments the caller may read.</summary>
public sealed record AppView(string Id, string Name, string? Vendor, IReadOnlyList<string> Aliases, string Topic, IReadOnlyList<AppUseView> Uses, DateTimeOffset UpdatedAtUtc, string UpdatedBy, DateTimeOffset? RetiredAtUtc = null);

public sealed record AppUseView(string DepartmentId, string Protection, string Assessment, string? Rationale, string ChangedBy, DateTimeOffset ChangedAtUtc);

public sealed record AppUseChangeView(string DepartmentId, bool InUse, string Protection, string Assessment, string? Rationale, string ChangedBy, DateTimeOffset ChangedAtUtc);

public sealed record AppMentionView(Guid AdvisoryId, string Title, string? Url, string SourceId, DateTimeOffset FirstSeenAtUtc, DateTimeOffset LastSeenAtUtc);

/// <summary>One app with its assessments, their history and the advisories that named it.</summary>
public sealed record AppDetailView(AppView App, IReadOnlyList<AppUseChangeView> History, IReadOnlyList<AppMentionView> Advisories);

/// <summary>The body of <c>PUT /api/v1/apps/{id}</c>.</summary>
public sealed record AppRequest(string? Name, string? Vendor, IReadOnlyList<string>? Aliases);

/// <summary>The body of <c>PUT /api/v1/apps/{id}/departments/{department}</c>.</summary>
public sealed record AppUseRequest(string? Protection, string? Assessment, string? Rationale);
