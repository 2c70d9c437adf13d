namespace AdvisoryWatch.Hosting.Web;

/// <summary>
/// A host name people reach this instance by (from a feature's public address setting); the web
/// host accepts requests for it when <c>AllowedHosts</c> is not set.
/// </summary>
public sealed record PublicHost(string Name);
