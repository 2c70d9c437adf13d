using System.Diagnostics.CodeAnalysis;
using MimeKit;

namespace AdvisoryWatch.Notifications.Sending.Channels.Mail;

/// <summary>
/// What counts as one mail address here: a single <c>user@domain</c> that MimeKit parses to
/// exactly the text given (no display name, group, comment or second address smuggled in), with
/// no control character anywhere. Non-ASCII letters are allowed (SMTPUTF8, RFC 6531).
/// </summary>
public static class MailAddresses
{
    private static readonly ParserOptions Strict = new()
    {
        AddressParserComplianceMode = RfcComplianceMode.Strict,
        AllowAddressesWithoutDomain = false,
        AllowUnquotedCommasInAddresses = false,
    };

    public static bool IsOne(string? address) => TryParse(address, null, out _);

    /// <summary>The address as a mailbox with <paramref name="name"/> as its display name, when it is one address.</summary>
    public static bool TryParse(string? address, string? name, [NotNullWhen(true)] out MailboxAddress? mailbox)
    {
        mailbox = null;
        if (string.IsNullOrWhiteSpace(address) || MailHeaderSafety.HasControl(address) || MailHeaderSafety.HasControl(name))
        {
            return false;
        }

        var text = address.Trim();
        if (!MailboxAddress.TryParse(Strict, text, out var parsed)
            || parsed is null
            || parsed.Route.Count > 0
            || !string.IsNullOrEmpty(parsed.Name)
            || !string.Equals(parsed.Address, text, StringComparison.OrdinalIgnoreCase)
            || parsed.LocalPart.Length == 0
            || parsed.Domain.Length == 0)
        {
            return false;
        }

        mailbox = new MailboxAddress(string.IsNullOrWhiteSpace(name) ? null : name.Trim(), text);
        return true;
    }
}
