namespace AdvisoryWatch.Hosting;

/// <summary>What this process does. A single node has all three; a scaled deployment splits them.</summary>
[Flags]
public enum NodeRoles
{
    None = 0,

    /// <summary>Health, JSON API (and later the UI).</summary>
    Web = 1,

    /// <summary>The Quartz jobs that claim due sources and send due digests.</summary>
    Scheduler = 2,

    /// <summary>The bus consumers that poll sources and deliver notifications.</summary>
    Worker = 4,

    All = Web | Scheduler | Worker,
}

/// <summary><c>AdvisoryWatch:*</c> keys that shape the process itself.</summary>
public sealed class HostingOptions
{
    public const string Section = "AdvisoryWatch";

    /// <summary>Where SQLite, mail pickup files and other local state live; created if missing.</summary>
    public string DataDirectory { get; set; } = "data";

    public NodeRoles Roles { get; set; } = NodeRoles.All;

    public string DataDirectoryFullPath => Path.GetFullPath(DataDirectory);

    /// <summary>Reads the roles from configuration; an invalid value reads as all (and is reported by the check).</summary>
    public static NodeRoles ReadRoles(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return TryParseRoles(configuration["AdvisoryWatch:Roles"], out var roles) ? roles : NodeRoles.All;
    }

    public static bool TryParseRoles(string? value, out NodeRoles roles)
    {
        roles = NodeRoles.None;
        if (string.IsNullOrWhiteSpace(value))
        {
            roles = NodeRoles.All;
            return true;
        }

        foreach (var part in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Enum.TryParse<NodeRoles>(part, ignoreCase: true, out var role) || role is NodeRoles.None or NodeRoles.All)
            {
                return false;
            }

            roles |= role;
        }

        return roles != NodeRoles.None;
    }
}

internal sealed class HostingConfigurationCheck : IConfigurationCheck
{
    public IEnumerable<string> Check(IConfiguration configuration)
    {
        var errors = new List<string>();
        var roles = configuration["AdvisoryWatch:Roles"];
        if (roles is not null && string.IsNullOrWhiteSpace(roles))
        {
            // Set but empty reads as "nothing" to a person and as the default (everything) to the
            // parser: neither should start silently.
            errors.Add("AdvisoryWatch:Roles: empty; name one or more of Web, Scheduler, Worker (or remove the key for all three).");
        }
        else if (!HostingOptions.TryParseRoles(roles, out _))
        {
            errors.Add($"AdvisoryWatch:Roles: '{roles}' is not a comma-separated list of Web, Scheduler, Worker.");
        }

        var dir = configuration["AdvisoryWatch:DataDirectory"];
        if (dir is not null && (dir.Length == 0 || dir.AsSpan().IndexOfAny(Path.GetInvalidPathChars()) >= 0))
        {
            errors.Add($"AdvisoryWatch:DataDirectory: '{dir}' is not a usable directory path.");
        }
        else if (dir is { Length: > 0 } && File.Exists(dir))
        {
            errors.Add($"AdvisoryWatch:DataDirectory: '{dir}' is a file, not a directory.");
        }

        return errors;
    }
}
