using System.Security.Cryptography;
using System.Text;
using MimeKit;

namespace AdvisoryWatch.Notifications.Sending.Channels.Mail;

/// <summary>
/// The embedded default: each message becomes one <c>.eml</c> file in the pickup folder, named after
/// its Message-ID, so a retry overwrites the same file instead of adding a second. Files appear
/// whole: the MIME is written into a private folder inside the pickup folder, then the file is
/// renamed into place (same file system, so the rename is atomic). The envelope goes first as
/// <c>X-Sender</c> and <c>X-Receiver</c>, as a pickup-folder MTA expects.
/// </summary>
internal sealed class PickupDirectoryTransport(string directory, MimeMailFactory messages) : IMailTransport
{
    public string Name => "Pickup";

    public string Directory { get; } = directory;

    public async Task<SendResult> SendAsync(OutgoingMail mail, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mail);
        if (!messages.TryCreate(mail, out var message, out var rejected))
        {
            return rejected;
        }

        using (message)
        {
            // Seven-bit safe: whatever picks the file up may not speak 8BITMIME (a no-op when DKIM fixed it already).
            message.Prepare(EncodingConstraint.SevenBit);
            var envelope = Encoding.UTF8.GetBytes($"X-Sender: <{messages.From.Address}>\r\nX-Receiver: <{mail.To.Trim()}>\r\n");
            var target = Path.Combine(Directory, FileName(mail.MessageId));
            var staging = Path.Combine(Directory, ".tmp", Guid.NewGuid().ToString("N"));
            try
            {
                System.IO.Directory.CreateDirectory(staging);
                var written = Path.Combine(staging, "message.eml");
                await using (var file = new FileStream(written, FileMode.CreateNew, FileAccess.Write, FileShare.None, 16 * 1024, useAsync: true))
                {
                    await file.WriteAsync(envelope, cancellationToken);
                    await message.WriteToAsync(MimeMailFactory.Wire, file, cancellationToken);
                }

                File.Move(written, target, overwrite: true);
                return new SendResult.Sent("written to " + Path.GetFileName(target));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A full disk or a permission problem is the machine's, not the message's.
                return new SendResult.RetryLater("the pickup folder could not be written: " + SmtpOutcome.Describe(e));
            }
            finally
            {
                TryDelete(staging);
            }
        }
    }

    /// <summary>
    /// The Message-ID made safe as a file name on every platform; when anything had to be replaced,
    /// a hash of the original keeps two different ids from meeting in one file.
    /// </summary>
    internal static string FileName(string messageId)
    {
        var safe = new StringBuilder(messageId.Length);
        foreach (var c in messageId)
        {
            safe.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '@' ? c : '_');
        }

        var name = safe.ToString().TrimStart('.');
        if (name.Length > 100 || !string.Equals(name, messageId, StringComparison.Ordinal))
        {
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(messageId)))[..12];
            name = name[..Math.Min(name.Length, 100)] + "-" + hash;
        }

        return name + ".eml";
    }

    private static void TryDelete(string directory)
    {
        try
        {
            System.IO.Directory.Delete(directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Leftovers in .tmp are harmless and never picked up (they are not in the folder itself).
        }
    }
}
