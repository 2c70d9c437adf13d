using AdvisoryWatch.Hosting;

namespace AdvisoryWatch.Tests.Access;

/// <summary>The OpenID Connect settings as start-up validates them, through the real host's registrations.</summary>
public sealed class OidcOptionsTests
{
    private const string Oidc = "AdvisoryWatch:Auth:Oidc:";

    private static async Task<IReadOnlyList<string>> ErrorsAsync(Dictionary<string, string?> settings)
    {
        var app = AppHost.Build(new HostSettings([], Path.Combine(Path.GetTempPath(), "advisorywatch-unused")) { Overrides = settings });
        await using (app)
        {
            return ConfigurationValidation.FindErrors(app.Services);
        }
    }

    [Theory]
    [InlineData("https://login.microsoftonline.com/tenant/v2.0")]
    [InlineData("http://127.0.0.1:8080")]
    [InlineData("http://localhost:8080/realms/test")]
    [InlineData("http://[::1]:8080")]
    public async Task An_https_authority_or_an_http_one_on_loopback_is_accepted(string authority)
    {
        Assert.Empty(await ErrorsAsync(new() { [Oidc + "Authority"] = authority, [Oidc + "ClientId"] = "client" }));
    }

    [Theory]
    [InlineData("http://login.example.org")]
    [InlineData("http://10.0.0.5")]
    [InlineData("login.example.org")]
    [InlineData("https://login.example.org/?tenant=x")]
    public async Task An_authority_not_https_off_loopback_is_refused(string authority)
    {
        var errors = await ErrorsAsync(new() { [Oidc + "Authority"] = authority, [Oidc + "ClientId"] = "client" });

        Assert.Contains(errors, e => e.Contains(Oidc + "Authority", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Every_mapping_and_client_error_is_reported_at_once()
    {
        var errors = await ErrorsAsync(new()
        {
            [Oidc + "Authority"] = "https://login.example.org",
            [Oidc + "ClaimType"] = " ",
            [Oidc + "Mappings:0:Group"] = "g",
            [Oidc + "Mappings:0:Role"] = "Admin",
            [Oidc + "Mappings:1:Group"] = "g",
            [Oidc + "Mappings:1:Role"] = "Reader",
            [Oidc + "Mappings:2:Group"] = "h",
        });

        Assert.Contains(errors, e => e.Contains(Oidc + "ClientId is required", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains(Oidc + "ClaimType", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains(Oidc + "Mappings:1:Group: 'g' is mapped twice", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains(Oidc + "Mappings:2:Role: '' is not one of", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_client_without_an_authority_is_refused_and_an_unknown_role_is_named()
    {
        var withoutAuthority = await ErrorsAsync(new() { [Oidc + "ClientSecret"] = "hunter2-secret", [Oidc + "Mappings:0:Group"] = "g", [Oidc + "Mappings:0:Role"] = "Admin" });
        var unknownRole = await ErrorsAsync(new() { [Oidc + "Authority"] = "https://login.example.org", [Oidc + "ClientId"] = "c", [Oidc + "Mappings:0:Group"] = "g", [Oidc + "Mappings:0:Role"] = "Owner" });

        Assert.Contains(withoutAuthority, e => e.Contains(Oidc + "Authority is required", StringComparison.Ordinal));
        Assert.DoesNotContain(withoutAuthority, e => e.Contains("hunter2-secret", StringComparison.Ordinal));
        Assert.Contains(unknownRole, e => e.Contains(Oidc + "Mappings:0:Role", StringComparison.Ordinal) && e.Contains("Owner", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_an_authority_there_is_no_provider_and_nothing_to_configure()
    {
        Assert.Empty(await ErrorsAsync([]));
    }
}
