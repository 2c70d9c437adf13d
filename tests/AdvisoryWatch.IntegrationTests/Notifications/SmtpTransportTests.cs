using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using AdvisoryWatch.Notifications.Sending.Channels.Mail;
using AdvisoryWatch.Notifications.Sending;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AdvisoryWatch.IntegrationTests.Notifications;

/// <summary>The SMTP transport against the loopback SMTP server of the test services, and a scripted one for the failures.</summary>
public sealed class SmtpTransportTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    internal static OutgoingMail Mail(string to, string subject = "Ny veiledning fra NSM", string? messageId = null) => new(
        messageId ?? Guid.NewGuid().ToString("N") + "@advisorywatch.test",
        to,
        "Mottaker Ærlig",
        subject,
        "Ny veiledning: https://nsm.no/a/1",
        "<p>Ny <b>veiledning</b>: <a href=\"https://nsm.no/a/1\">les</a></p>",
        "nb",
        [new("List-Unsubscribe", "<https://aw.example/u/1>"), new("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")]);

    private static SmtpMailTransport Transport(string host, int port, int connections = 4, int timeoutSeconds = 30) =>
        Transport(new MailOptions { From = "varsel@aw.example", Smtp = { Host = host, Port = port, Connections = connections, TimeoutSeconds = timeoutSeconds } });

    internal static SmtpMailTransport Transport(MailOptions options, ILogger<SmtpMailTransport>? logger = null) => new(
        options,
        new MimeMailFactory(options, TimeProvider.System, NullLogger<MimeMailFactory>.Instance),
        new PlainHttpClients(),
        TimeProvider.System,
        logger ?? NullLogger<SmtpMailTransport>.Instance);

    private static string Unique(string prefix = "rcpt") => $"{prefix}-{Guid.NewGuid():N}@aw-test.example";

    /// <summary>The sink's files whose envelope names this recipient (other tests share the sink).</summary>
    private static async Task<List<string>> SinkFilesForAsync(string recipient, int expected)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var found = new List<string>();
            foreach (var file in Directory.EnumerateFiles(TestServices.SmtpMailDirectory))
            {
                var text = await File.ReadAllTextAsync(file, Token);
                if (text.Contains("X-Envelope-To: " + recipient, StringComparison.OrdinalIgnoreCase))
                {
                    found.Add(text);
                }
            }

            if (found.Count >= expected || deadline.Elapsed > TimeSpan.FromSeconds(10))
            {
                return found;
            }

            await Task.Delay(100, Token);
        }
    }

    [Fact]
    public async Task Each_recipient_gets_one_message_with_one_envelope_and_every_header()
    {
        using var transport = Transport(TestServices.SmtpHost, TestServices.SmtpPort);
        var recipients = Enumerable.Range(0, 6).Select(_ => Unique()).ToList();

        var results = await Task.WhenAll(recipients.Select(r => transport.SendAsync(Mail(r), Token)));

        Assert.All(results, r => Assert.IsType<SendResult.Sent>(r));
        foreach (var recipient in recipients)
        {
            var eml = Assert.Single(await SinkFilesForAsync(recipient, 1));
            var headers = MailText.TopHeaders(eml);
            Assert.Single(headers, h => h.StartsWith("X-Envelope-To:", StringComparison.Ordinal));
            Assert.Contains(headers, h => h.StartsWith("Message-ID: <", StringComparison.OrdinalIgnoreCase) && h.EndsWith("@advisorywatch.test>", StringComparison.Ordinal));
            Assert.Contains("Content-Language: nb", headers);
            Assert.Contains("Auto-Submitted: auto-generated", headers);
            Assert.Contains("List-Unsubscribe: <https://aw.example/u/1>", headers);
            Assert.Contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click", headers);
            Assert.Contains(headers, h => h.StartsWith("Content-Type: multipart/alternative", StringComparison.OrdinalIgnoreCase));
            Assert.Contains("Content-Type: text/plain; charset=utf-8", eml, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("Content-Type: text/html; charset=utf-8", eml, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Theory]
    [InlineData("X\r\nBcc: evil@x")]
    [InlineData("X\nBcc: evil@x")]
    [InlineData("=?utf-8?q?a=0D=0ABcc:_evil@x?=")]
    public async Task A_hostile_subject_arrives_as_one_subject_line_and_no_bcc(string subject)
    {
        using var transport = Transport(TestServices.SmtpHost, TestServices.SmtpPort);
        var recipient = Unique();

        Assert.IsType<SendResult.Sent>(await transport.SendAsync(Mail(recipient, subject), Token));

        var eml = Assert.Single(await SinkFilesForAsync(recipient, 1));
        var headers = MailText.TopHeaders(eml);
        Assert.Single(headers, h => h.StartsWith("Subject:", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(headers, h => h.StartsWith("Bcc", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(headers, h => h.StartsWith("X-Envelope-To: evil", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_crlf_in_list_unsubscribe_is_refused_and_nothing_reaches_the_server()
    {
        using var transport = Transport(TestServices.SmtpHost, TestServices.SmtpPort);
        var recipient = Unique();
        var mail = Mail(recipient) with { Headers = [new("List-Unsubscribe", "<https://aw.example/u/1>\r\nBcc: evil@x")] };

        Assert.IsType<SendResult.Rejected>(await transport.SendAsync(mail, Token));

        Assert.Empty(await SinkFilesForAsync(recipient, 0));
    }

    [Fact]
    public async Task A_451_at_rcpt_is_retried_later_with_the_server_reply()
    {
        using var transport = Transport(TestServices.SmtpHost, TestServices.SmtpPort);

        var result = await transport.SendAsync(Mail(Unique("smtp-451")), Token);

        Assert.Contains("Test sink: try again later", Assert.IsType<SendResult.RetryLater>(result).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_550_at_rcpt_is_rejected_with_the_server_reply()
    {
        using var transport = Transport(TestServices.SmtpHost, TestServices.SmtpPort);

        var result = await transport.SendAsync(Mail(Unique("smtp-550")), Token);

        Assert.Contains("Test sink: mailbox unavailable", Assert.IsType<SendResult.Rejected>(result).Reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_closed_port_is_retried_later()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var transport = Transport("127.0.0.1", port);

        var result = await transport.SendAsync(Mail(Unique()), Token);

        Assert.Contains("ConnectionRefused", Assert.IsType<SendResult.RetryLater>(result).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_connection_dropped_before_the_content_is_retried_later_not_ambiguous()
    {
        await using var server = new ScriptedSmtpServer();
        using var transport = Transport("127.0.0.1", server.Port, timeoutSeconds: 10);

        var result = await transport.SendAsync(Mail(Unique("dropatrcpt")), Token);

        Assert.IsType<SendResult.RetryLater>(result);
        Assert.Empty(server.ContentReceived);
    }

    [Fact]
    public async Task A_connection_closed_after_the_final_dot_without_a_reply_is_ambiguous()
    {
        await using var server = new ScriptedSmtpServer();
        using var transport = Transport("127.0.0.1", server.Port, timeoutSeconds: 10);
        var recipient = Unique("closewithoutreply");

        var result = await transport.SendAsync(Mail(recipient), Token);

        Assert.IsType<SendResult.Ambiguous>(result);
        Assert.Contains(recipient, server.ContentReceived);
    }

    [Fact]
    public async Task A_final_reply_slower_than_the_deadline_is_ambiguous_while_other_connections_keep_delivering()
    {
        await using var server = new ScriptedSmtpServer();
        using var transport = Transport("127.0.0.1", server.Port, connections: 2, timeoutSeconds: 2);
        var slow = transport.SendAsync(Mail(Unique("stallreply")), Token);
        while (server.ContentReceived.IsEmpty)
        {
            await Task.Delay(20, Token);
        }

        var clock = Stopwatch.StartNew();
        var others = new List<SendResult>();
        for (var i = 0; i < 5; i++)
        {
            others.Add(await transport.SendAsync(Mail(Unique("accept")), Token));
        }

        var othersTook = clock.Elapsed;
        Assert.False(slow.IsCompleted, "the stalled send is still waiting while the others were delivered");
        Assert.All(others, r => Assert.IsType<SendResult.Sent>(r));
        Assert.True(othersTook < TimeSpan.FromSeconds(1.5), $"five messages on the free connection took {othersTook}");
        Assert.IsType<SendResult.Ambiguous>(await slow);

        // The timed-out client was replaced: both connections work again.
        var after = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => transport.SendAsync(Mail(Unique("accept")), Token)));
        Assert.All(after, r => Assert.IsType<SendResult.Sent>(r));
        Assert.Equal(9, server.Accepted.Count);
    }
}
