namespace AdvisoryWatch.Access;

/// <summary>What a signed-in user or an API key may do. Higher includes lower.</summary>
public enum AccessRole
{
    /// <summary>Reads advisories and sources, and the deliveries of its departments.</summary>
    Reader = 1,

    /// <summary>
    /// Manages its departments' recipients, subscriptions, follow-up, digest preview and test
    /// mail, and reads their deliveries; reads all advisories and sources.
    /// </summary>
    Coordinator = 2,

    /// <summary>Everything: sources, topic rules, every department, users, keys, the audit log.</summary>
    Admin = 3,
}
