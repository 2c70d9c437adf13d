using AdvisoryWatch.Notifications.Sending.Channels.Mail;
using AdvisoryWatch.Notifications.Sending;
using Microsoft.Extensions.Logging.Abstractions;
using MimeKit;

namespace AdvisoryWatch.Tests.Notifications;

/// <summary>What the shared message builder puts on the wire, read back from the .eml the pickup transport writes.</summary>
public sealed class MailBuildingTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "aw-mail-" + Guid.NewGuid().ToString("N"));

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    internal static OutgoingMail Mail(
        string messageId = "d41d8cd9-1@advisorywatch.test",
        string subject = "Ny veiledning: Sikring av e-post",
        string to = "anne@example.no",
        string? toName = "Anne Ås",
        IReadOnlyList<KeyValuePair<string, string>>? headers = null) =>
        new(
            messageId,
            to,
            toName,
            subject,
            "Hei Anne,\nNSM har publisert ny veiledning om e-post.\nhttps://nsm.no/a/1",
            "<p>Hei Anne,</p><p>NSM har publisert <a href=\"https://nsm.no/a/1\">ny veiledning</a> om e-post.</p>",
            "nb",
            headers ?? [new("List-Unsubscribe", "<https://aw.example/u/abc>"), new("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")]);

    private PickupDirectoryTransport Transport() =>
        new(_dir, new MimeMailFactory(new MailOptions { From = "varsel@aw.example" }, TimeProvider.System, NullLogger<MimeMailFactory>.Instance));

    private async Task<(SendResult Result, string? Eml)> WriteAsync(OutgoingMail mail)
    {
        var result = await Transport().SendAsync(mail, Token);
        var files = Directory.Exists(_dir) ? Directory.GetFiles(_dir, "*.eml") : [];
        return (result, files.Length == 0 ? null : await File.ReadAllTextAsync(files.Single(), Token));
    }

    /// <summary>Header lines (unfolded) of the top-level header block.</summary>
    internal static List<string> TopHeaders(string eml)
    {
        var block = eml.ReplaceLineEndings("\n").Split("\n\n", 2)[0];
        var lines = new List<string>();
        foreach (var line in block.Split('\n'))
        {
            if (line.Length > 0 && (line[0] == ' ' || line[0] == '\t') && lines.Count > 0)
            {
                lines[^1] += line;
            }
            else
            {
                lines.Add(line);
            }
        }

        return lines;
    }

    internal static string? Header(string eml, string name) =>
        TopHeaders(eml).Where(l => l.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase)).Select(l => l[(name.Length + 1)..].Trim()).SingleOrDefault();

    [Fact]
    public async Task A_message_carries_both_alternatives_its_id_language_and_extra_headers()
    {
        var (result, eml) = await WriteAsync(Mail());

        Assert.IsType<SendResult.Sent>(result);
        Assert.NotNull(eml);
        Assert.Equal("<d41d8cd9-1@advisorywatch.test>", Header(eml, "Message-ID"));
        Assert.Equal("nb", Header(eml, "Content-Language"));
        Assert.Equal("auto-generated", Header(eml, "Auto-Submitted"));
        Assert.Equal("<https://aw.example/u/abc>", Header(eml, "List-Unsubscribe"));
        Assert.Equal("List-Unsubscribe=One-Click", Header(eml, "List-Unsubscribe-Post"));
        Assert.Contains("varsel@aw.example", Header(eml, "From"), StringComparison.Ordinal);
        Assert.StartsWith("multipart/alternative", Header(eml, "Content-Type"), StringComparison.OrdinalIgnoreCase);
        var plain = eml.IndexOf("Content-Type: text/plain; charset=utf-8", StringComparison.OrdinalIgnoreCase);
        var html = eml.IndexOf("Content-Type: text/html; charset=utf-8", StringComparison.OrdinalIgnoreCase);
        Assert.True(plain > 0 && html > plain, "text/plain first, then text/html, both UTF-8");
        Assert.True(eml.All(char.IsAscii), "a pickup file is 7-bit: whatever relays it may not speak 8BITMIME");
        Assert.Contains("Content-Transfer-Encoding: quoted-printable", eml, StringComparison.OrdinalIgnoreCase);

        // The Norwegian subject survives encoding.
        Assert.Equal("Ny veiledning: Sikring av e-post", MailHeaderSafety.DecodeEncodedWords(Header(eml, "Subject")!.Replace("?= =?", "?==?", StringComparison.Ordinal)));
        Assert.Equal("Anne Ås", MailboxAddress.Parse(Header(eml, "To")!).Name);
    }

    [Fact]
    public async Task The_same_message_id_gives_the_same_header_and_file_on_a_retry()
    {
        var (_, first) = await WriteAsync(Mail());
        var (_, second) = await WriteAsync(Mail(subject: "Ny veiledning: Sikring av e-post (retry)"));

        Assert.Single(Directory.GetFiles(_dir, "*.eml"));
        Assert.Equal(Header(first!, "Message-ID"), Header(second!, "Message-ID"));
        Assert.Contains("(retry)", MailHeaderSafety.DecodeEncodedWords(Header(second!, "Subject")!.Replace("?= =?", "?==?", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("X\r\nBcc: evil@x")]
    [InlineData("X\nBcc: evil@x")]
    [InlineData("X\rBcc: evil@x")]
    [InlineData("=?utf-8?q?a=0D=0ABcc:_evil@x?=")]
    [InlineData("=?utf-8?b?YQ0KQmNjOiBldmlsQHg=?=")]
    [InlineData("X\u0085Bcc: evil@x\u2028")]
    public async Task A_hostile_subject_stays_one_subject_line_and_adds_no_header(string subject)
    {
        var (result, eml) = await WriteAsync(Mail(subject: subject));

        Assert.IsType<SendResult.Sent>(result);
        var headers = TopHeaders(eml!);
        Assert.Single(headers, l => l.StartsWith("Subject:", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(headers, l => l.StartsWith("Bcc", StringComparison.OrdinalIgnoreCase));
        var decoded = MailHeaderSafety.DecodeEncodedWords(Header(eml!, "Subject")!.Replace("?= =?", "?==?", StringComparison.Ordinal));
        Assert.DoesNotContain('\r', decoded);
        Assert.DoesNotContain('\n', decoded);
        Assert.EndsWith("Bcc: evil@x", decoded, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("List-Unsubscribe", "<https://aw.example/u/abc>\r\nBcc: evil@x")]
    [InlineData("List-Unsubscribe", "<https://aw.example/u/abc>\nBcc: evil@x")]
    [InlineData("X-Department", "=?utf-8?q?a=0D=0ABcc:_evil@x?=")]
    [InlineData("X-Evil\r\nBcc", "evil@x")]
    [InlineData("Bad Name", "x")]
    [InlineData("Bcc", "evil@x")]
    [InlineData("Message-ID", "<other@x>")]
    public async Task A_message_with_an_unsafe_extra_header_is_refused_and_never_written(string name, string value)
    {
        var (result, eml) = await WriteAsync(Mail(headers: [new(name, value)]));

        Assert.IsType<SendResult.Rejected>(result);
        Assert.Null(eml);
    }

    [Theory]
    [InlineData("anne@example.no\r\nBcc: evil@x", "Anne")]
    [InlineData("anne@example.no", "Anne\r\nBcc: evil@x")]
    [InlineData("anne@example.no", "Anne\nX")]
    [InlineData("anne@example.no, evil@x.test", null)]
    [InlineData("not an address", null)]
    public async Task A_recipient_with_a_line_break_or_more_than_one_address_is_refused(string to, string? name)
    {
        var (result, eml) = await WriteAsync(Mail(to: to, toName: name));

        Assert.IsType<SendResult.Rejected>(result);
        Assert.Null(eml);
    }

    [Theory]
    [InlineData("no-at-sign")]
    [InlineData("a@b>\r\nBcc: evil@x")]
    [InlineData("<a@b>")]
    public async Task A_malformed_message_id_is_refused(string id)
    {
        var (result, _) = await WriteAsync(Mail(messageId: id));

        Assert.IsType<SendResult.Rejected>(result);
    }

    [Fact]
    public async Task With_dkim_configured_a_message_is_signed_so_that_the_published_key_verifies_it()
    {
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        Directory.CreateDirectory(_dir);
        var keyFile = Path.Combine(_dir, "dkim.key");
        await File.WriteAllTextAsync(keyFile, rsa.ExportRSAPrivateKeyPem(), Token);
        var options = new MailOptions { From = "varsel@kommune.example", Dkim = { Domain = "kommune.example", Selector = "aw2026", PrivateKeyFile = keyFile } };
        var factory = new MimeMailFactory(options, TimeProvider.System, NullLogger<MimeMailFactory>.Instance);

        Assert.True(factory.TryCreate(Mail(), out var message, out _));
        using (message)
        {
            var signature = message.Headers[HeaderId.DkimSignature];
            Assert.Contains("d=kommune.example", signature, StringComparison.Ordinal);
            Assert.Contains("s=aw2026", signature, StringComparison.Ordinal);
            Assert.Contains("List-Unsubscribe", signature, StringComparison.OrdinalIgnoreCase);

            // Read back from the wire form, as a receiver would, and checked against the public key.
            using var wire = new MemoryStream();
            await message.WriteToAsync(MimeMailFactory.Wire, wire, Token);
            wire.Position = 0;
            using var received = await MimeMessage.LoadAsync(wire, Token);
            var published = "v=DKIM1; k=rsa; p=" + Convert.ToBase64String(rsa.ExportSubjectPublicKeyInfo());
            var verifier = new MimeKit.Cryptography.DkimVerifier(new OnePublishedKey(published));
            var index = received.Headers.IndexOf(HeaderId.DkimSignature);
            Assert.True(await verifier.VerifyAsync(received, received.Headers[index], Token));

            // And a changed body no longer verifies: the signature covers it.
            ((TextPart)((Multipart)received.Body!)[0]!).Text = "Endret tekst";
            Assert.False(await verifier.VerifyAsync(received, received.Headers[index], Token));
        }
    }

    /// <summary>The DNS TXT record of the selector, as a test stand-in for the lookup.</summary>
    private sealed class OnePublishedKey(string txt) : MimeKit.Cryptography.DkimPublicKeyLocatorBase
    {
        public override Org.BouncyCastle.Crypto.AsymmetricKeyParameter LocatePublicKey(string methods, string domain, string selector, CancellationToken cancellationToken = default) =>
            GetPublicKey(txt);

        public override Task<Org.BouncyCastle.Crypto.AsymmetricKeyParameter> LocatePublicKeyAsync(string methods, string domain, string selector, CancellationToken cancellationToken = default) =>
            Task.FromResult(GetPublicKey(txt));
    }

    [Fact]
    public void Pickup_file_names_are_safe_and_distinct_for_ids_that_only_differ_in_unsafe_characters()
    {
        Assert.Equal("abc-1@aw.test.eml", PickupDirectoryTransport.FileName("abc-1@aw.test"));
        var a = PickupDirectoryTransport.FileName("a/b@x");
        var b = PickupDirectoryTransport.FileName("a\\b@x");
        Assert.NotEqual(a, b);
        Assert.DoesNotContain('/', a);
        Assert.DoesNotContain('\\', b);
        Assert.False(PickupDirectoryTransport.FileName("../../etc@x").StartsWith('.'));
    }

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }
}
