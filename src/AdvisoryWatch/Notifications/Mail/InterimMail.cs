using System.Net.Mail;

namespace AdvisoryWatch.Notifications.Mail;

// INTERIM: replaced by the real transports; exists so delivery can be built and tested first.
public static class InterimMail
{
    public static WebApplicationBuilder AddMail(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var host = builder.Configuration["AdvisoryWatch:Mail:Smtp:Host"];
        var port = builder.Configuration.GetValue("AdvisoryWatch:Mail:Smtp:Port", 25);
        builder.Services.AddSingleton<IMailTransport>(new InterimSmtp(host ?? "localhost", port));
        builder.Services.AddSingleton<ITeamsNotifier, InterimTeams>();
        return builder;
    }

    private sealed class InterimSmtp(string host, int port) : IMailTransport
    {
        public string Name => "Smtp";

        public async Task<SendResult> SendAsync(OutgoingMail mail, CancellationToken cancellationToken)
        {
            using var client = new SmtpClient(host, port);
            using var message = new MailMessage("advisorywatch@localhost", mail.To, mail.Subject, mail.TextBody);
            message.Headers.Add("Message-ID", "<" + mail.MessageId + ">");
            try
            {
                await client.SendMailAsync(message, cancellationToken);
                return new SendResult.Sent("250");
            }
            catch (SmtpFailedRecipientException e) when ((int)e.StatusCode >= 500)
            {
                return new SendResult.Rejected(e.Message);
            }
            catch (SmtpException e)
            {
                return new SendResult.RetryLater(e.Message);
            }
        }
    }

    private sealed class InterimTeams : ITeamsNotifier
    {
        public Task<SendResult> PostAsync(Uri webhook, TeamsMessage message, CancellationToken cancellationToken) =>
            Task.FromResult<SendResult>(new SendResult.Rejected("interim"));
    }
}
