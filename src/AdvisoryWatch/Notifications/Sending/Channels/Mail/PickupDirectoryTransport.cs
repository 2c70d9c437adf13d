using System.Net.Mail;
using System.Security.Cryptography;
using System.Text;

namespace AdvisoryWatch.Notifications.Sending.Channels.Mail;

/// <summary>
/// The embedded default: each message becomes one <c>.eml</c> file in the pickup folder, named after
/// its Message-ID, so a retry overwrites the same file instead of adding a second. Files appear
/// whole: System.Net.Mail writes the MIME into a private folder inside the pickup folder, then the
/// file is renamed into place (same file system, so the rename is atomic).
/// </summary>
internal sealed partial class PickupDirectoryTransport(string directory, MailOptions options, ILogger<PickupDirectoryTransport> logger) : IMailTransport
{
    private readonly MailAddress _from = new(options.From, options.FromName);

    public string Name => "Pickup";

    public string Directory { get; } = directory;

    public async Task<SendResult> SendAsync(OutgoingMail mail, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mail);
        if (!MailMessageBuilder.TryBuild(mail, _from, logger, out var built, out var rejected))
        {
            return rejected;
        }

        using (built)
        {
            var target = Path.Combine(Directory, FileName(mail.MessageId));
            var staging = Path.Combine(Directory, ".tmp", Guid.NewGuid().ToString("N"));
            try
            {
                System.IO.Directory.CreateDirectory(staging);
                using (var client = new SmtpClient
                {
                    DeliveryMethod = SmtpDeliveryMethod.SpecifiedPickupDirectory,
                    PickupDirectoryLocation = staging,
                    DeliveryFormat = SmtpDeliveryFormat.International,
                })
                {
                    await client.SendMailAsync(built.Message, cancellationToken);
                }

                var written = System.IO.Directory.GetFiles(staging).Single();
                File.Move(written, target, overwrite: true);
                return new SendResult.Sent("written to " + Path.GetFileName(target));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or SmtpException)
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
