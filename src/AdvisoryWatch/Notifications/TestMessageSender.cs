using AdvisoryWatch.Access;
using AdvisoryWatch.Audit;
using AdvisoryWatch.Data;
using AdvisoryWatch.Departments;
using AdvisoryWatch.Notifications.Digests;
using AdvisoryWatch.Notifications.Sending;
using AdvisoryWatch.Notifications.Sending.Channels.Mail;
using Microsoft.EntityFrameworkCore;

namespace AdvisoryWatch.Notifications;

/// <summary>
/// "Send a test message": the recipient's next digest as it stands (an empty one when the
/// department gets no digest), rendered and sent through the mail transport the deliveries use,
/// with the subject marked <c>[TEST]</c> and a <see cref="Header"/> header. Sent once per request,
/// at once (not queued), so the coordinator sees the mail server's answer; audited with it.
/// </summary>
public sealed class TestMessageSender(AdvisoryWatchDbContext db, WriteGate gate, DigestPreview preview, MessageComposer composer, IMailTransport mail, AuditLog audit, TimeProvider time)
{
    /// <summary>Marks the mail as a test for filters and for whoever reads the headers.</summary>
    public const string Header = "X-AdvisoryWatch-Test";

    public const string SubjectPrefix = "[TEST] ";

    public async Task<TestMessageOutcome> SendAsync(Actor actor, string departmentId, Guid recipientId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var department = actor.CanManage(departmentId)
            ? await db.Set<Department>().AsNoTracking().AsSplitQuery().Include(d => d.Recipients).Include(d => d.Subscriptions).SingleOrDefaultAsync(d => d.Id == departmentId, ct)
            : null;
        var recipient = department?.Recipients.Find(r => r.Id == recipientId);
        if (department is null || recipient is null)
        {
            return new TestMessageOutcome(TestMessageStatus.NotFound);
        }

        var rendered = await preview.RenderAsync(department, r => r.Id == recipientId, emptyWhenNoDigest: true, ct);
        if (rendered.Message is not { } message || rendered.Audience is not { } audience)
        {
            return new TestMessageOutcome(TestMessageStatus.NotEmail);
        }

        var envelope = composer.Mail(Guid.CreateVersion7(time.GetUtcNow()), audience, message with { Subject = SubjectPrefix + message.Subject }, unsubscribe: null)
            with { Headers = [new(Header, "yes")] };
        var result = await mail.SendAsync(envelope, ct);
        var outcome = result switch
        {
            SendResult.Sent sent => new TestMessageOutcome(TestMessageStatus.Sent, sent.Reply),
            SendResult.Rejected rejected => new TestMessageOutcome(TestMessageStatus.Failed, rejected.Reply),
            SendResult.RetryLater later => new TestMessageOutcome(TestMessageStatus.Failed, later.Reason),
            SendResult.Ambiguous ambiguous => new TestMessageOutcome(TestMessageStatus.Failed, ambiguous.Reason),
            _ => new TestMessageOutcome(TestMessageStatus.Failed),
        };

        // Not cancelled: the mail went (or did not), and the log must say so.
        using var write = await gate.EnterAsync(db, CancellationToken.None);
        audit.Add("departments.test-message", "department:" + department.Id, null, $"{recipient.ShownAddress()}: {outcome.Status.ToString().ToLowerInvariant()} {outcome.Reply}".Trim());
        await db.SaveChangesAsync(CancellationToken.None);
        return outcome;
    }
}
