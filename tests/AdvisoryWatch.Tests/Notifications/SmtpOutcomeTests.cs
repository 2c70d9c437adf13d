using System.Net.Mail;
using System.Net.Sockets;
using AdvisoryWatch.Notifications.Sending;
using AdvisoryWatch.Notifications.Sending.Channels.Mail;

namespace AdvisoryWatch.Tests.Notifications;

public sealed class SmtpOutcomeTests
{
    [Theory]
    [InlineData(SmtpStatusCode.ServiceNotAvailable)]
    [InlineData(SmtpStatusCode.MailboxBusy)]
    [InlineData(SmtpStatusCode.LocalErrorInProcessing)]
    [InlineData(SmtpStatusCode.InsufficientStorage)]
    public void A_4xx_reply_is_retried_later_with_the_reply(SmtpStatusCode code)
    {
        var result = SmtpOutcome.Map(new SmtpFailedRecipientException(code, "a@x.test", "4.3.0 try again later"), handedOver: false);

        var retry = Assert.IsType<SendResult.RetryLater>(result);
        Assert.Contains("4.3.0 try again later", retry.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(SmtpStatusCode.MailboxUnavailable)]
    [InlineData(SmtpStatusCode.MailboxNameNotAllowed)]
    [InlineData(SmtpStatusCode.TransactionFailed)]
    public void A_5xx_reply_is_a_rejection_with_the_reply_text(SmtpStatusCode code)
    {
        var result = SmtpOutcome.Map(new SmtpFailedRecipientException(code, "a@x.test", "5.1.1 mailbox unavailable"), handedOver: false);

        Assert.Contains("5.1.1 mailbox unavailable", Assert.IsType<SendResult.Rejected>(result).Reply, StringComparison.Ordinal);
    }

    [Fact]
    public void A_5xx_reply_after_the_content_is_still_a_rejection_because_the_server_answered()
    {
        var result = SmtpOutcome.Map(new SmtpException(SmtpStatusCode.TransactionFailed, "5.7.1 message refused"), handedOver: true);

        Assert.IsType<SendResult.Rejected>(result);
    }

    [Theory]
    [InlineData(530)]
    [InlineData(535)]
    public void A_refused_login_is_not_blamed_on_the_message(int code)
    {
        var result = SmtpOutcome.Map(new SmtpException((SmtpStatusCode)code, "5.7.8 authentication failed"), handedOver: false);

        Assert.IsType<SendResult.RetryLater>(result);
    }

    [Fact]
    public void A_refused_connection_is_retried_later()
    {
        var e = new SmtpException("Failure sending mail.", new SocketException((int)SocketError.ConnectionRefused));

        var retry = Assert.IsType<SendResult.RetryLater>(SmtpOutcome.Map(e, handedOver: false));
        Assert.Contains("ConnectionRefused", retry.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_dropped_connection_before_the_content_is_retried_and_after_it_is_ambiguous()
    {
        var e = new SmtpException("Failure sending mail.", new IOException("Unable to read data from the transport connection: net_io_connectionclosed."));

        Assert.IsType<SendResult.RetryLater>(SmtpOutcome.Map(e, handedOver: false));
        Assert.IsType<SendResult.Ambiguous>(SmtpOutcome.Map(e, handedOver: true));
    }
}
