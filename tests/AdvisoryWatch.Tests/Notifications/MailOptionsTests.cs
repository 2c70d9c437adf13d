using AdvisoryWatch.Hosting;
using AdvisoryWatch.Notifications.Sending.Channels.Mail;
using AdvisoryWatch.Notifications.Sending.Channels.Teams;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AdvisoryWatch.Tests.Notifications;

public sealed class MailOptionsTests
{
    private static ServiceProvider Services(Dictionary<string, string?> settings, ILoggerProvider? log = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(b =>
        {
            if (log is not null)
            {
                b.AddProvider(log);
            }
        });
        services.AddMailServices(configuration);
        services.Configure<HostingOptions>(o => o.DataDirectory = settings.GetValueOrDefault("AdvisoryWatch:DataDirectory") ?? o.DataDirectory);
        return services.BuildServiceProvider();
    }

    [Fact]
    public void Without_an_smtp_host_mail_goes_to_the_outbox_in_the_data_directory()
    {
        using var sp = Services(new() { ["AdvisoryWatch:DataDirectory"] = "/srv/aw" });

        var transport = Assert.IsType<PickupDirectoryTransport>(sp.GetRequiredService<IMailTransport>());
        Assert.Equal(Path.GetFullPath("/srv/aw/outbox"), transport.Directory);
    }

    [Theory]
    [InlineData("Smtp", "mail.example.no", "Smtp")]
    [InlineData("Pickup", "mail.example.no", "Pickup")]
    [InlineData("Graph", null, "Graph")]
    public void The_transport_is_chosen_from_configuration(string kind, string? host, string expected)
    {
        using var sp = Services(new()
        {
            ["AdvisoryWatch:Mail:Transport"] = kind,
            ["AdvisoryWatch:Mail:Smtp:Host"] = host,
            ["AdvisoryWatch:Mail:Graph:TenantId"] = "contoso.onmicrosoft.com",
            ["AdvisoryWatch:Mail:Graph:ClientId"] = "id",
            ["AdvisoryWatch:Mail:Graph:ClientSecret"] = "secret",
            ["AdvisoryWatch:Mail:Graph:Sender"] = "varsel@contoso.no",
        });

        Assert.Equal(expected, sp.GetRequiredService<IMailTransport>().Name);
        Assert.NotNull(sp.GetRequiredService<ITeamsNotifier>());
    }

    [Theory]
    [InlineData("Smtp", "mail.example.no", "mail.example.no:587")]
    [InlineData("Graph", null, "varsel@contoso.no")]
    [InlineData("Pickup", null, "outbox")]
    public async Task The_start_up_log_names_the_transport_and_no_secret(string kind, string? host, string expected)
    {
        var log = new CapturingLog();
        await using var sp = Services(
            new()
            {
                ["AdvisoryWatch:Mail:Transport"] = kind,
                ["AdvisoryWatch:Mail:Smtp:Host"] = host,
                ["AdvisoryWatch:Mail:Smtp:Port"] = "587",
                ["AdvisoryWatch:Mail:Smtp:Username"] = "relay-user",
                ["AdvisoryWatch:Mail:Smtp:Password"] = "pw-Hunter2",
                ["AdvisoryWatch:Mail:Graph:TenantId"] = "contoso.onmicrosoft.com",
                ["AdvisoryWatch:Mail:Graph:ClientId"] = "id",
                ["AdvisoryWatch:Mail:Graph:ClientSecret"] = "cs-Hunter2",
                ["AdvisoryWatch:Mail:Graph:Sender"] = "varsel@contoso.no",
            },
            log);

        foreach (var task in sp.GetServices<IStartupTask>())
        {
            await task.RunAsync(sp, TestContext.Current.CancellationToken);
        }

        var line = Assert.Single(log.Lines);
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.DoesNotContain("Hunter2", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_mail_setting_error_is_reported_at_once()
    {
        using var sp = Services(new()
        {
            ["AdvisoryWatch:Mail:From"] = "not-an-address",
            ["AdvisoryWatch:Mail:Transport"] = "Graph",
            ["AdvisoryWatch:Mail:Smtp:Port"] = "70000",
            ["AdvisoryWatch:Mail:Smtp:Connections"] = "0",
            ["AdvisoryWatch:Mail:Smtp:Username"] = "user",
        });

        var errors = ConfigurationValidation.FindErrors(sp);

        foreach (var key in new[] { "Mail:From", "Smtp:Port", "Smtp:Connections", "Smtp:Username", "Graph:TenantId", "Graph:ClientId", "Graph:ClientSecret", "Graph:Sender" })
        {
            Assert.Contains(errors, e => e.Contains(key, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void A_value_the_binder_cannot_read_is_reported_with_its_key()
    {
        using var sp = Services(new()
        {
            ["AdvisoryWatch:Mail:Transport"] = "Carrier-Pigeon",
            ["AdvisoryWatch:Mail:Smtp:Security"] = "maybe",
            ["AdvisoryWatch:Mail:Smtp:AllowInvalidCertificate"] = "perhaps",
            ["AdvisoryWatch:Mail:Smtp:OAuth2:TokenEndpoint"] = "not a url",
        });

        var errors = ConfigurationValidation.FindErrors(sp);

        Assert.Contains(errors, e => e.StartsWith("AdvisoryWatch:Mail:Transport", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("AdvisoryWatch:Mail:Smtp:Security", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("AdvisoryWatch:Mail:Smtp:AllowInvalidCertificate", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("AdvisoryWatch:Mail:Smtp:OAuth2:TokenEndpoint", StringComparison.Ordinal));
    }

    [Fact]
    public void Oauth2_needs_its_endpoint_client_and_mailbox_and_no_password()
    {
        using var sp = Services(new()
        {
            ["AdvisoryWatch:Mail:Smtp:Host"] = "smtp.office365.com",
            ["AdvisoryWatch:Mail:Smtp:OAuth2:ClientId"] = "client-1",
            ["AdvisoryWatch:Mail:Smtp:Password"] = "pw",
        });

        var errors = ConfigurationValidation.FindErrors(sp);

        foreach (var key in new[] { "Smtp:OAuth2:TokenEndpoint", "Smtp:OAuth2:ClientSecret", "Smtp:Username", "Smtp:Password" })
        {
            Assert.Contains(errors, e => e.Contains(key, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Dkim_settings_go_together_and_the_key_file_must_be_a_readable_private_key()
    {
        var notAKey = Path.GetTempFileName();
        File.WriteAllText(notAKey, "-----BEGIN NOTHING-----\nabc\n-----END NOTHING-----\n");
        try
        {
            using var partial = Services(new() { ["AdvisoryWatch:Mail:Dkim:Domain"] = "kommune.example" });
            using var missing = Services(new()
            {
                ["AdvisoryWatch:Mail:Dkim:Domain"] = "kommune.example",
                ["AdvisoryWatch:Mail:Dkim:Selector"] = "aw2026",
                ["AdvisoryWatch:Mail:Dkim:PrivateKeyFile"] = "/nonexistent/dkim.pem",
            });
            using var wrong = Services(new()
            {
                ["AdvisoryWatch:Mail:Dkim:Domain"] = "kommune.example",
                ["AdvisoryWatch:Mail:Dkim:Selector"] = "aw2026",
                ["AdvisoryWatch:Mail:Dkim:PrivateKeyFile"] = notAKey,
            });

            var partialErrors = ConfigurationValidation.FindErrors(partial);
            Assert.Contains(partialErrors, e => e.Contains("Dkim:Selector", StringComparison.Ordinal));
            Assert.Contains(partialErrors, e => e.Contains("Dkim:PrivateKeyFile", StringComparison.Ordinal));
            Assert.Contains(ConfigurationValidation.FindErrors(missing), e => e.Contains("Dkim:PrivateKeyFile: '/nonexistent/dkim.pem' cannot be read", StringComparison.Ordinal));
            Assert.Contains(ConfigurationValidation.FindErrors(wrong), e => e.Contains("Dkim:PrivateKeyFile", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(notAKey);
        }
    }

    [Fact]
    public async Task Accepting_any_certificate_is_a_logged_warning_at_start_up()
    {
        var log = new CapturingLog();
        await using var sp = Services(
            new()
            {
                ["AdvisoryWatch:Mail:Smtp:Host"] = "relay.test.example",
                ["AdvisoryWatch:Mail:Smtp:Security"] = "StartTls",
                ["AdvisoryWatch:Mail:Smtp:AllowInvalidCertificate"] = "true",
            },
            log);

        Assert.Empty(ConfigurationValidation.FindErrors(sp));
        foreach (var task in sp.GetServices<IStartupTask>())
        {
            await task.RunAsync(sp, TestContext.Current.CancellationToken);
        }

        Assert.Contains(log.Lines, l => l.Contains("AllowInvalidCertificate is on", StringComparison.Ordinal) && l.Contains("relay.test.example", StringComparison.Ordinal));
    }

    private sealed class CapturingLog : ILoggerProvider, ILogger
    {
        public System.Collections.Concurrent.ConcurrentQueue<string> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Enqueue(formatter(state, exception));

        public void Dispose()
        {
        }
    }
}
