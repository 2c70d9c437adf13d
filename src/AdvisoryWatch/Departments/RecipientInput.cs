namespace AdvisoryWatch.Departments;

/// <summary>
/// A recipient a coordinator adds: <c>channel</c> is <c>email</c>, <c>teams</c> or <c>webhook</c>;
/// <c>address</c> the email address or URL; <c>secret</c> a webhook's signing secret.
/// </summary>
public sealed record RecipientInput(string? Channel, string? Address, string? Secret = null, string? Name = null, string? Language = null)
{
    /// <summary>As the YAML would say it, so one set of checks (addresses, webhook and Teams URLs) serves both.</summary>
    public RecipientDefinition? ToDefinition()
    {
        var address = string.IsNullOrWhiteSpace(Address) ? null : Address.Trim();
        var name = string.IsNullOrWhiteSpace(Name) ? null : Name.Trim();
        var language = string.IsNullOrWhiteSpace(Language) ? null : Language.Trim();
        return Channel?.Trim().ToLowerInvariant() switch
        {
            "email" => new RecipientDefinition { Address = address ?? "", Name = name, Language = language },
            "teams" => new RecipientDefinition { Teams = address ?? "", Name = name, Language = language },
            "webhook" => new RecipientDefinition { Webhook = address ?? "", Secret = string.IsNullOrEmpty(Secret) ? null : Secret, Name = name, Language = language },
            _ => null,
        };
    }
}
