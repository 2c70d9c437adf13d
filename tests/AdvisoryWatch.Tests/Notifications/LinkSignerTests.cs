using System.Security.Cryptography;
using AdvisoryWatch.Notifications.Escalation;

namespace AdvisoryWatch.Tests.Notifications;

public sealed class LinkSignerTests
{
    [Fact]
    public void A_token_opens_only_its_own_purpose_and_id()
    {
        var signer = Signer();
        var id = Guid.NewGuid();
        var token = signer.Sign(LinkPurpose.Unsubscribe, id);
        Assert.Equal(id, signer.Verify(LinkPurpose.Unsubscribe, token));
        Assert.Null(signer.Verify(LinkPurpose.Acknowledge, token));
        Assert.DoesNotContain(id.ToString("N"), token, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Forged_truncated_and_foreign_tokens_are_refused()
    {
        var signer = Signer();
        var token = signer.Sign(LinkPurpose.Acknowledge, Guid.NewGuid());
        var flipped = (token[^1] == 'A' ? "B" : "A");
        Assert.Null(signer.Verify(LinkPurpose.Acknowledge, token[..^1] + flipped));
        Assert.Null(signer.Verify(LinkPurpose.Acknowledge, token[..10]));
        Assert.Null(signer.Verify(LinkPurpose.Acknowledge, "not base64 !!"));
        Assert.Null(signer.Verify(LinkPurpose.Acknowledge, null));
        Assert.Null(Signer().Verify(LinkPurpose.Acknowledge, token));
    }

    private static LinkSigner Signer()
    {
        var signer = new LinkSigner();
        signer.UseKey(RandomNumberGenerator.GetBytes(32));
        return signer;
    }
}
