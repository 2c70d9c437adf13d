using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Web;
using AdvisoryWatch.Notifications.Sending;
using AdvisoryWatch.Notifications.Sending.Channels.Mail;
using Microsoft.AspNetCore.Http;

namespace AdvisoryWatch.IntegrationTests.Notifications;

/// <summary>
/// MailKit's SMTP transport against a TLS-enabled scripted server with a certificate made here:
/// STARTTLS, implicit TLS, certificate validation and its opt-out, AUTH PLAIN/LOGIN, XOAUTH2
/// against a loopback token endpoint, SMTPUTF8, and connections the server closes while idle.
/// </summary>
public sealed class SmtpSecurityTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static string Unique(string prefix = "rcpt") => $"{prefix}-{Guid.NewGuid():N}@aw-test.example";

    /// <summary>A self-signed server certificate for localhost and 127.0.0.1, valid today.</summary>
    private static X509Certificate2 TestCertificate()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        var now = TimeProvider.System.GetUtcNow();
        using var made = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(1));

        // Through PKCS#12 so that the key is usable by SslStream on every platform.
        return X509CertificateLoader.LoadPkcs12(made.Export(X509ContentType.Pkcs12), null);
    }

    private static SmtpMailTransport Transport(int port, Action<MailOptions.SmtpSettings> configure, int connections = 2)
    {
        var options = new MailOptions { From = "varsel@aw.example", Smtp = { Host = "127.0.0.1", Port = port, Connections = connections, TimeoutSeconds = 10 } };
        configure(options.Smtp);
        return SmtpTransportTests.Transport(options);
    }

    [Fact]
    public async Task Starttls_carries_the_message_over_tls_and_an_untrusted_certificate_is_refused_unless_explicitly_allowed()
    {
        using var certificate = TestCertificate();
        await using var server = new ScriptedSmtpServer(new() { Certificate = certificate, OfferStartTls = true });
        var refused = Unique();
        var allowed = Unique();

        using (var validating = Transport(server.Port, s => s.Security = SmtpSecurity.StartTls))
        {
            var result = await validating.SendAsync(SmtpTransportTests.Mail(refused), Token);
            Assert.Contains("TLS", Assert.IsType<SendResult.RetryLater>(result).Reason, StringComparison.Ordinal);
        }

        using (var optedOut = Transport(server.Port, s => (s.Security, s.AllowInvalidCertificate) = (SmtpSecurity.StartTls, true)))
        {
            Assert.IsType<SendResult.Sent>(await optedOut.SendAsync(SmtpTransportTests.Mail(allowed), Token));
        }

        Assert.DoesNotContain(server.MailCommands, c => c.Contains(refused, StringComparison.Ordinal));
        Assert.Equal([allowed], server.AcceptedOverTls);
    }

    [Fact]
    public async Task Required_starttls_that_the_server_does_not_offer_sends_nothing_in_clear_and_is_retried_later()
    {
        await using var server = new ScriptedSmtpServer();
        using var transport = Transport(server.Port, s => (s.Security, s.AllowInvalidCertificate) = (SmtpSecurity.StartTls, true));

        var result = await transport.SendAsync(SmtpTransportTests.Mail(Unique()), Token);

        Assert.Contains("STARTTLS", Assert.IsType<SendResult.RetryLater>(result).Reason, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(server.MailCommands);
    }

    [Fact]
    public async Task Implicit_tls_delivers_from_the_first_byte()
    {
        using var certificate = TestCertificate();
        await using var server = new ScriptedSmtpServer(new() { Certificate = certificate, ImplicitTls = true });
        using var transport = Transport(server.Port, s => (s.Security, s.AllowInvalidCertificate) = (SmtpSecurity.SslOnConnect, true));
        var recipients = Enumerable.Range(0, 3).Select(_ => Unique()).ToList();

        var results = await Task.WhenAll(recipients.Select(r => transport.SendAsync(SmtpTransportTests.Mail(r), Token)));

        Assert.All(results, r => Assert.IsType<SendResult.Sent>(r));
        Assert.Equal(recipients.Order(StringComparer.Ordinal), server.AcceptedOverTls.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("PLAIN")]
    [InlineData("LOGIN")]
    public async Task A_login_uses_the_mechanism_the_server_offers_and_a_refused_login_is_retried_later(string mechanism)
    {
        await using var server = new ScriptedSmtpServer(new()
        {
            AuthMechanisms = [mechanism],
            CheckLogin = (_, user, secret) => user == "relay-user" && secret == "pw-æøå-1",
        });
        var recipient = Unique();

        using (var right = Transport(server.Port, s => (s.Username, s.Password) = ("relay-user", "pw-æøå-1")))
        {
            Assert.IsType<SendResult.Sent>(await right.SendAsync(SmtpTransportTests.Mail(recipient), Token));
        }

        using (var wrong = Transport(server.Port, s => (s.Username, s.Password) = ("relay-user", "wrong")))
        {
            var refused = await wrong.SendAsync(SmtpTransportTests.Mail(Unique()), Token);
            Assert.Contains("login", Assert.IsType<SendResult.RetryLater>(refused).Reason, StringComparison.Ordinal);
        }

        Assert.Equal([(mechanism, "relay-user", "pw-æøå-1", true), (mechanism, "relay-user", "wrong", false)], server.Logins);
        Assert.Equal([recipient], server.Accepted);
    }

    [Fact]
    public async Task Xoauth2_logs_in_with_a_client_credentials_token_fetched_once_and_reused_across_connections()
    {
        var issued = 0;
        await using var identity = await HttpStub.StartAsync(async (request, response) =>
        {
            var n = Interlocked.Increment(ref issued);
            response.ContentType = "application/json";
            await response.WriteAsync($$"""{"token_type":"Bearer","expires_in":3599,"access_token":"smtp-token-{{n}}"}""");
        });
        await using var server = new ScriptedSmtpServer(new()
        {
            AuthMechanisms = ["XOAUTH2"],
            CheckLogin = (_, user, token) => user == "varsel@kommune.example" && token == "smtp-token-1",
        });
        var endpoint = new Uri(identity.BaseUrl, "tenant-1/oauth2/v2.0/token");
        using var transport = Transport(
            server.Port,
            s =>
            {
                s.Username = "varsel@kommune.example";
                s.OAuth2 = new() { TokenEndpoint = endpoint, ClientId = "client-1", ClientSecret = "s3cret~value" };
            },
            connections: 3);
        var recipients = Enumerable.Range(0, 6).Select(_ => Unique()).ToList();

        var results = await Task.WhenAll(recipients.Select(r => transport.SendAsync(SmtpTransportTests.Mail(r), Token)));

        Assert.All(results, r => Assert.IsType<SendResult.Sent>(r));
        var request = Assert.Single(identity.Requests);
        Assert.Equal("/tenant-1/oauth2/v2.0/token", request.Path);
        var form = HttpUtility.ParseQueryString(request.Body);
        Assert.Equal(("client-1", "s3cret~value", "client_credentials", "https://outlook.office365.com/.default"), (form["client_id"], form["client_secret"], form["grant_type"], form["scope"]));
        Assert.InRange(server.Logins.Count, 1, 3);
        Assert.All(server.Logins, l => Assert.Equal(("XOAUTH2", "varsel@kommune.example", "smtp-token-1", true), l));
        Assert.Equal(6, server.Accepted.Count);
    }

    [Fact]
    public async Task An_address_with_norwegian_letters_in_its_local_part_goes_out_with_smtputf8()
    {
        using var transport = SmtpTransportTests.Transport(new MailOptions { From = "varsel@aw.example", Smtp = { Host = TestServices.SmtpHost, Port = TestServices.SmtpPort } });
        var id = Guid.NewGuid().ToString("N");
        var recipient = $"æøå-{id}@aw-test.example";

        Assert.IsType<SendResult.Sent>(await transport.SendAsync(SmtpTransportTests.Mail(recipient), Token));

        // The sink writes its envelope lines in ASCII (non-ASCII as '?'), so the message is found by
        // the rest of the address; its To header carries the address as UTF-8, unencoded.
        var clock = Stopwatch.StartNew();
        string? raw = null;
        while (raw is null && clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            raw = Directory.EnumerateFiles(TestServices.SmtpMailDirectory).Select(f => File.ReadAllText(f)).FirstOrDefault(t => t.Contains($"-{id}@aw-test.example", StringComparison.Ordinal));
            await Task.Delay(50, Token);
        }

        Assert.NotNull(raw);
        Assert.Single(MailText.TopHeaders(raw), h => h.StartsWith("X-Envelope-To:", StringComparison.Ordinal) && h.EndsWith($"-{id}@aw-test.example", StringComparison.Ordinal));
        Assert.Contains(MailText.TopHeaders(raw), h => h.StartsWith("To:", StringComparison.Ordinal) && h.Contains($"<{recipient}>", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_address_with_norwegian_letters_asks_for_smtputf8_and_a_server_without_it_gets_nothing()
    {
        await using var with = new ScriptedSmtpServer();
        await using var without = new ScriptedSmtpServer(new() { OfferSmtpUtf8 = false });
        var recipient = $"æøå-{Guid.NewGuid():N}@aw-test.example";
        using (var transport = Transport(with.Port, _ => { }))
        {
            Assert.IsType<SendResult.Sent>(await transport.SendAsync(SmtpTransportTests.Mail(recipient), Token));
        }

        using (var transport = Transport(without.Port, _ => { }))
        {
            var result = await transport.SendAsync(SmtpTransportTests.Mail(recipient), Token);
            Assert.Contains("SMTPUTF8", Assert.IsType<SendResult.Rejected>(result).Reply, StringComparison.Ordinal);
        }

        Assert.Contains("SMTPUTF8", Assert.Single(with.MailCommands), StringComparison.Ordinal);
        Assert.Equal([recipient], with.Accepted);
        Assert.Empty(without.MailCommands);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Connections_the_server_closed_while_idle_are_replaced_and_the_next_messages_go_out_at_once(bool goodbye)
    {
        await using var server = new ScriptedSmtpServer(new() { IdleTimeout = TimeSpan.FromMilliseconds(300), GoodbyeOnIdle = goodbye });
        using var transport = Transport(server.Port, _ => { }, connections: 3);
        var first = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => transport.SendAsync(SmtpTransportTests.Mail(Unique()), Token)));
        Assert.All(first, r => Assert.IsType<SendResult.Sent>(r));
        while (server.IdleClosed < 3)
        {
            await Task.Delay(50, Token);
        }

        // Closed a moment ago, or some time ago: both must look the same to the sender.
        await Task.Delay(100, Token);
        var clock = Stopwatch.StartNew();
        var after = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => transport.SendAsync(SmtpTransportTests.Mail(Unique()), Token)));

        Assert.All(after, r => Assert.IsType<SendResult.Sent>(r));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"the messages after the quiet period took {clock.Elapsed}");
        Assert.Equal(9, server.Accepted.Count);
    }
}
