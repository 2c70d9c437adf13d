using AdvisoryWatch.Hosting;
using AdvisoryWatch.Notifications.Sending.Channels.Teams;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AdvisoryWatch.Notifications.Sending.Channels.Mail;

public static partial class MailFeature
{
    /// <summary>
    /// The one place the mailer is chosen: Graph when <c>Mail:Transport</c> is Graph, SMTP when
    /// <c>Mail:Smtp:Host</c> is set, otherwise the pickup folder of <c>.eml</c> files (the embedded
    /// default). Also the Teams webhook notifier. Options are validated at start-up.
    /// </summary>
    public static WebApplicationBuilder AddMail(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddMailServices(builder.Configuration);
        return builder;
    }

    /// <summary>The registrations behind <see cref="AddMail"/>, for a plain service collection (tests).</summary>
    public static IServiceCollection AddMailServices(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddSingleton<IConfigurationCheck, MailConfigurationCheck>();
        services.AddSingleton<IStartupTask, MailStartupReport>();
        services.AddOptions<MailOptions>()
            .BindSection(MailOptions.Section, configuration)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<MailOptions>, MailOptionsValidator>();
        services.AddOptions<TeamsOptions>()
            .BindSection(TeamsOptions.Section, configuration)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<HostingOptions>();
        services.TryAddSingleton(TimeProvider.System);

        // Timeouts are per request (they decide between "retry" and "ambiguous"), so none on the client.
        services.AddHttpClient(GraphMailTransport.HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan);
        services.AddHttpClient(SmtpMailTransport.HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan);
        services.AddHttpClient(TeamsWebhookNotifier.HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan);
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<MimeMailFactory>(sp, sp.GetRequiredService<IOptions<MailOptions>>().Value));
        services.AddSingleton<ITeamsNotifier, TeamsWebhookNotifier>();
        services.AddSingleton<IMailTransport>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<MailOptions>>().Value;
            return options.EffectiveTransport switch
            {
                MailTransportKind.Graph => ActivatorUtilities.CreateInstance<GraphMailTransport>(sp, options),
                MailTransportKind.Smtp => ActivatorUtilities.CreateInstance<SmtpMailTransport>(sp, options),
                _ => ActivatorUtilities.CreateInstance<PickupDirectoryTransport>(
                    sp, options.PickupDirectoryFullPath(sp.GetRequiredService<IOptions<HostingOptions>>().Value)),
            };
        });
        return services;
    }

    /// <summary>Says at start-up where mail goes (never a password, secret or webhook).</summary>
    private sealed partial class MailStartupReport(IOptions<MailOptions> options, IOptions<HostingOptions> hosting, ILogger<MailStartupReport> logger) : IStartupTask
    {
        public int Order => 50;

        public Task RunAsync(IServiceProvider services, CancellationToken cancellationToken)
        {
            var o = options.Value;
            var graphHost = o.Graph.Endpoint.Host;
            var pickup = o.PickupDirectoryFullPath(hosting.Value);
            var login = !string.IsNullOrEmpty(o.Smtp.Username);
            switch (o.EffectiveTransport)
            {
                case MailTransportKind.Graph:
                    LogGraph(o.Graph.Sender ?? "", graphHost);
                    break;
                case MailTransportKind.Smtp:
                    LogSmtp(o.Smtp.Host ?? "", o.Smtp.Port, o.Smtp.Security, o.Smtp.OAuth2.Enabled ? "XOAUTH2" : login ? "password" : "none", o.Smtp.Connections);
                    if (o.Smtp.AllowInvalidCertificate && o.Smtp.Security != SmtpSecurity.None)
                    {
                        LogAnyCertificate(o.Smtp.Host ?? "");
                    }

                    break;
                default:
                    LogPickup(pickup);
                    break;
            }

            if (o.Dkim.Enabled)
            {
                LogDkim(o.Dkim.Domain ?? "", o.Dkim.Selector ?? "");
            }

            return Task.CompletedTask;
        }

        [LoggerMessage(Level = LogLevel.Information, Message = "Mail goes through Microsoft Graph as {Sender} ({GraphHost})")]
        private partial void LogGraph(string sender, string graphHost);

        [LoggerMessage(Level = LogLevel.Information, Message = "Mail goes to SMTP server {SmtpHost}:{SmtpPort} (security {Security}, login {Login}, {Connections} connections)")]
        private partial void LogSmtp(string smtpHost, int smtpPort, SmtpSecurity security, string login, int connections);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Mail:Smtp:AllowInvalidCertificate is on: any certificate {SmtpHost} presents is accepted, so TLS does not prove who the server is. Use it for a test relay only")]
        private partial void LogAnyCertificate(string smtpHost);

        [LoggerMessage(Level = LogLevel.Information, Message = "Mail is DKIM-signed for {DkimDomain} with selector {DkimSelector}")]
        private partial void LogDkim(string dkimDomain, string dkimSelector);

        [LoggerMessage(Level = LogLevel.Information, Message = "Mail is written as .eml files to {PickupDirectory} (no SMTP host configured)")]
        private partial void LogPickup(string pickupDirectory);
    }
}
