using System.ComponentModel.DataAnnotations;
using System.Net;

namespace AdvisoryWatch.Access.Oidc;

/// <summary>How the provider answers the authorisation request.</summary>
public enum OidcResponseMode
{
    /// <summary>The code comes back in a form the browser posts to the callback (nothing in the address bar or logs).</summary>
    FormPost,

    /// <summary>The code comes back in the callback's query string.</summary>
    Query,
}

/// <summary>
/// <c>AdvisoryWatch:Auth:Oidc:*</c>: sign-in with an OpenID Connect provider (Entra ID or any other).
/// Off while <see cref="Authority"/> is empty.
/// </summary>
public sealed class OidcOptions : IValidatableObject
{
    public const string Section = "AdvisoryWatch:Auth:Oidc";

    /// <summary>The path the provider sends the browser back to; registered with the provider as the redirect URI.</summary>
    public const string CallbackPath = "/signin-oidc";

    /// <summary>The scopes always asked for; <see cref="Scopes"/> adds to them.</summary>
    public static readonly IReadOnlyList<string> BaseScopes = ["openid", "profile", "email"];

    /// <summary>The provider's issuer URL (discovery is read from <c>{Authority}/.well-known/openid-configuration</c>).</summary>
    public string? Authority { get; set; }

    public string? ClientId { get; set; }

    /// <summary>Sent to the provider's token endpoint only; never logged nor shown.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>Scopes asked for besides <see cref="BaseScopes"/>.</summary>
    public List<string> Scopes { get; set; } = [];

    public OidcResponseMode ResponseMode { get; set; } = OidcResponseMode.FormPost;

    /// <summary>The token claim whose values are looked up in the mapping: <c>groups</c> (Entra ID groups) or <c>roles</c> (app roles).</summary>
    public string ClaimType { get; set; } = "groups";

    /// <summary>
    /// How long a session made by this provider lasts, not extended by use: the rights it carries
    /// are read again from the directory at the next sign-in.
    /// </summary>
    [Range(typeof(TimeSpan), "00:05:00", "7.00:00:00")]
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>Which claim values give which role in which departments; an admin's stored mapping wins per group.</summary>
    public List<OidcGroupMapping> Mappings { get; set; } = [];

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority);

    /// <summary>An http authority is accepted only on the machine itself (a test or a local provider).</summary>
    public static bool IsLoopback(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        return uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Enabled)
        {
            if (!string.IsNullOrEmpty(ClientId) || !string.IsNullOrEmpty(ClientSecret) || Mappings.Count > 0)
            {
                yield return new ValidationResult($"{Section}:Authority is required when ClientId, ClientSecret or Mappings are set (or remove them).", [nameof(Authority)]);
            }

            yield break;
        }

        if (!Uri.TryCreate(Authority, UriKind.Absolute, out var authority)
            || authority.Scheme is not ("https" or "http")
            || !string.IsNullOrEmpty(authority.Query) || !string.IsNullOrEmpty(authority.Fragment))
        {
            yield return new ValidationResult($"{Section}:Authority: '{Authority}' is not an absolute https URL without query or fragment.", [nameof(Authority)]);
        }
        else if (authority.Scheme == "http" && !IsLoopback(authority))
        {
            yield return new ValidationResult($"{Section}:Authority: '{Authority}' must use https (http only on a loopback address).", [nameof(Authority)]);
        }

        if (string.IsNullOrWhiteSpace(ClientId))
        {
            yield return new ValidationResult($"{Section}:ClientId is required with an Authority.", [nameof(ClientId)]);
        }

        if (string.IsNullOrWhiteSpace(ClaimType))
        {
            yield return new ValidationResult($"{Section}:ClaimType must not be empty (groups, roles, or the claim your provider sends).", [nameof(ClaimType)]);
        }

        if (Scopes.Any(s => string.IsNullOrWhiteSpace(s) || s.Any(char.IsWhiteSpace)))
        {
            yield return new ValidationResult($"{Section}:Scopes: each entry is one scope, without spaces.", [nameof(Scopes)]);
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Mappings.Count; i++)
        {
            var mapping = Mappings[i];
            var key = $"{Section}:Mappings:{i}";
            if (string.IsNullOrWhiteSpace(mapping.Group))
            {
                yield return new ValidationResult($"{key}:Group is required.", [nameof(Mappings)]);
            }
            else if (!seen.Add(mapping.Group))
            {
                yield return new ValidationResult($"{key}:Group: '{mapping.Group}' is mapped twice; give each group one entry.", [nameof(Mappings)]);
            }

            if (mapping.ParsedRole() is null)
            {
                yield return new ValidationResult($"{key}:Role: '{mapping.Role}' is not one of {string.Join(", ", Enum.GetNames<AccessRole>())}.", [nameof(Mappings)]);
            }

            if (mapping.Departments.Any(string.IsNullOrWhiteSpace))
            {
                yield return new ValidationResult($"{key}:Departments: an entry is empty.", [nameof(Mappings)]);
            }
        }
    }
}

/// <summary>One claim value (a group id, an app role) and what it gives.</summary>
public sealed class OidcGroupMapping
{
    public string Group { get; set; } = "";

    /// <summary>Reader, Coordinator or Admin (read as text, so that a wrong name is reported with the allowed ones).</summary>
    public string? Role { get; set; }

    /// <summary>Department ids; an Admin needs none.</summary>
    public List<string> Departments { get; set; } = [];

    /// <summary>The role named, or null when <see cref="Role"/> names none.</summary>
    public AccessRole? ParsedRole() => ParseRole(Role);

    /// <summary>A role by name (any case); not a number, which <see cref="Enum.TryParse{TEnum}(string, bool, out TEnum)"/> would take.</summary>
    internal static AccessRole? ParseRole(string? name) =>
        Enum.GetNames<AccessRole>().FirstOrDefault(n => string.Equals(n, name?.Trim(), StringComparison.OrdinalIgnoreCase)) is { } known
            ? Enum.Parse<AccessRole>(known)
            : null;
}
