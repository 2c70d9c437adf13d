using System.Net.Sockets;
using AdvisoryWatch.Notifications.Sending.Channels.Mail;
using AdvisoryWatch.Notifications.Sending;
using MailKit.Net.Smtp;
using MimeKit;

namespace AdvisoryWatch.Tests.Notifications;

/// <summary>MailKit's failures, as it raises them, mapped to what the delivery loop does next.</summary>
public sealed class SmtpOutcomeTests
{
    private static SmtpCommandException AtRcpt(int code, string text) =>
        new(SmtpErrorCode.RecipientNotAccepted, (SmtpStatusCode)code, new MailboxAddress(null, "a@x.test"), text);

    [Theory]
    [InlineData(421)]
    [InlineData(450)]
    [InlineData(451)]
    [InlineData(452)]
    public void A_4xx_reply_is_retried_later_with_the_reply(int code)
    {
        var retry = Assert.IsType<SendResult.RetryLater>(SmtpOutcome.Map(AtRcpt(code, "4.3.0 try again later"), handedOver: false));

        Assert.Equal($"{code} 4.3.0 try again later", retry.Reason);
    }

    [Theory]
    [InlineData(550)]
    [InlineData(553)]
    [InlineData(554)]
    public void A_5xx_reply_is_a_rejection_with_the_reply_text(int code)
    {
        var result = SmtpOutcome.Map(AtRcpt(code, "5.1.1 mailbox unavailable"), handedOver: false);

        Assert.Equal($"{code} 5.1.1 mailbox unavailable", Assert.IsType<SendResult.Rejected>(result).Reply);
    }

    [Fact]
    public void A_reply_to_the_final_dot_is_an_answer_not_an_ambiguity()
    {
        var refused = new SmtpCommandException(SmtpErrorCode.MessageNotAccepted, SmtpStatusCode.TransactionFailed, "5.7.1 message refused");
        var later = new SmtpCommandException(SmtpErrorCode.MessageNotAccepted, SmtpStatusCode.InsufficientStorage, "4.3.1 out of space");

        Assert.IsType<SendResult.Rejected>(SmtpOutcome.Map(refused, handedOver: true));
        Assert.IsType<SendResult.RetryLater>(SmtpOutcome.Map(later, handedOver: true));
    }

    [Theory]
    [InlineData(530)]
    [InlineData(535)]
    public void A_refused_login_is_not_blamed_on_the_message(int code)
    {
        var e = new SmtpCommandException(SmtpErrorCode.UnexpectedStatusCode, (SmtpStatusCode)code, "5.7.8 authentication failed");

        Assert.IsType<SendResult.RetryLater>(SmtpOutcome.Map(e, handedOver: false));
        Assert.IsType<SendResult.RetryLater>(SmtpOutcome.Map(new MailKit.Security.AuthenticationException("535: 5.7.8 bad credentials"), handedOver: false));
    }

    [Fact]
    public void A_refused_connection_is_retried_later()
    {
        var retry = Assert.IsType<SendResult.RetryLater>(SmtpOutcome.Map(new SocketException((int)SocketError.ConnectionRefused), handedOver: false));

        Assert.Contains("ConnectionRefused", retry.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_dropped_connection_before_the_content_is_retried_and_after_it_is_ambiguous()
    {
        var e = new SmtpProtocolException("The SMTP server has unexpectedly disconnected.");

        Assert.IsType<SendResult.RetryLater>(SmtpOutcome.Map(e, handedOver: false));
        Assert.IsType<SendResult.Ambiguous>(SmtpOutcome.Map(e, handedOver: true));
        Assert.IsType<SendResult.Ambiguous>(SmtpOutcome.Map(new IOException("connection reset"), handedOver: true));
    }

    [Fact]
    public void A_goodbye_or_a_dropped_connection_counts_as_closed_but_a_refusal_does_not()
    {
        Assert.True(SmtpOutcome.IsClosedConnection(new SmtpProtocolException("The SMTP server has unexpectedly disconnected.")));
        Assert.True(SmtpOutcome.IsClosedConnection(new SmtpCommandException(SmtpErrorCode.SenderNotAccepted, SmtpStatusCode.ServiceNotAvailable, "4.4.2 Error: timeout exceeded")));
        Assert.False(SmtpOutcome.IsClosedConnection(AtRcpt(451, "4.3.0 try again later")));
        Assert.False(SmtpOutcome.IsClosedConnection(AtRcpt(550, "5.1.1 no such user")));
    }
}
