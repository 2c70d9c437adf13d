using System.Diagnostics.CodeAnalysis;
using MimeKit;
using MimeKit.Cryptography;

namespace AdvisoryWatch.Notifications.Sending.Channels.Mail;

/// <summary>
/// Builds each outgoing message once, as every transport sends it: the checked
/// <see cref="MimeMessage"/> of <see cref="MailMessageBuilder"/>, dated now, and DKIM-signed when
/// <c>Mail:Dkim</c> is configured.
/// </summary>
internal sealed class MimeMailFactory
{
    /// <summary>
    /// Signed when present (RFC 8058 wants List-Unsubscribe and -Post signed). Not the Content-*
    /// headers: a MIME parser files them under the body, and verifiers such as MimeKit's then miss them.
    /// </summary>
    private static readonly string[] SignedHeaders =
    [
        "From", "To", "Subject", "Date", "Message-ID", "Reply-To", "MIME-Version",
        "List-Unsubscribe", "List-Unsubscribe-Post", "Auto-Submitted",
    ];

    /// <summary>How a message is written outside SMTP (pickup file, Graph): CRLF line ends, as on the wire.</summary>
    public static readonly FormatOptions Wire = CreateWire();

    private readonly MailboxAddress _from;
    private readonly DkimSigner? _dkim;
    private readonly TimeProvider _time;
    private readonly ILogger<MimeMailFactory> _logger;

    public MimeMailFactory(MailOptions options, TimeProvider time, ILogger<MimeMailFactory> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _from = MailAddresses.TryParse(options.From, options.FromName, out var from)
            ? from
            : throw new ArgumentException($"{MailOptions.Section}:From is not one mail address", nameof(options));
        _dkim = options.Dkim.Enabled ? CreateSigner(options.Dkim) : null;
        _time = time;
        _logger = logger;
    }

    public MailboxAddress From => _from;

    public bool Signs => _dkim is not null;

    /// <summary>The signer for these settings; throws when the key file cannot be read as a private key.</summary>
    internal static DkimSigner CreateSigner(MailOptions.DkimSettings dkim)
    {
        ArgumentNullException.ThrowIfNull(dkim);
        return new DkimSigner(Path.GetFullPath(dkim.PrivateKeyFile!), dkim.Domain!.Trim(), dkim.Selector!.Trim())
        {
            HeaderCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
            BodyCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
        };
    }

    /// <summary>The message, or the refusal a transport returns without sending anything.</summary>
    public bool TryCreate(OutgoingMail mail, [NotNullWhen(true)] out MimeMessage? message, [NotNullWhen(false)] out SendResult? rejected)
    {
        if (!MailMessageBuilder.TryBuild(mail, _from, _time.GetUtcNow(), _logger, out message, out rejected))
        {
            return false;
        }

        if (_dkim is not null)
        {
            // The signature covers the body as encoded: fix the encoding (7-bit safe) before signing,
            // or a transport choosing 8bit later would break it.
            message.Prepare(EncodingConstraint.SevenBit);
            var headers = message.Headers;
            _dkim.Sign(Wire, message, SignedHeaders.Where(headers.Contains).ToList());
        }

        return true;
    }

    private static FormatOptions CreateWire()
    {
        var format = FormatOptions.Default.Clone();
        format.NewLineFormat = NewLineFormat.Dos;
        return format;
    }
}
