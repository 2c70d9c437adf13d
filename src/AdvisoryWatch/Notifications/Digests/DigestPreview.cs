using AdvisoryWatch.Data;
using AdvisoryWatch.Departments;
using AdvisoryWatch.Notifications.Sending;
using Microsoft.EntityFrameworkCore;

namespace AdvisoryWatch.Notifications.Digests;

/// <summary>
/// Renders a department's next digest for one email recipient as it stands now, with the renderer
/// the sender uses, without sending or changing anything (the CLI's <c>digest preview</c>, the
/// department page's preview and its test message).
/// </summary>
public sealed class DigestPreview(AdvisoryWatchDbContext db, MessageComposer composer, TimeProvider time)
{
    /// <summary>The department's email recipients a digest can be previewed for, by address.</summary>
    public static IEnumerable<Recipient> EmailMembers(Department department)
    {
        ArgumentNullException.ThrowIfNull(department);
        return department.Recipients
            .Where(r => r.Role == RecipientRole.Member && r.Channel == RecipientChannel.Email)
            .OrderBy(r => r.Address, StringComparer.Ordinal);
    }

    /// <param name="department">Loaded with its recipients and subscriptions.</param>
    /// <param name="pick">Chooses the recipient among <see cref="EmailMembers"/>; the first when null.</param>
    /// <param name="emptyWhenNoDigest">
    /// Renders an empty digest of the last day when the department gets none (a test message),
    /// rather than refusing.
    /// </param>
    public async Task<DigestPreviewResult> RenderAsync(Department department, Func<Recipient, bool>? pick, bool emptyWhenNoDigest, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(department);
        if (EmailMembers(department).FirstOrDefault(r => pick is null || pick(r)) is not { } who)
        {
            return DigestPreviewResult.Refused(DigestPreviewProblem.NoRecipient);
        }

        var now = time.GetUtcNow();
        var queued = await db.Set<Delivery>().AsNoTracking()
            .Where(d => d.RecipientId == who.Id && d.State == DeliveryState.Queued && d.DigestId == null)
            .OrderBy(d => d.DueAtUtc).ThenBy(d => d.CreatedAtUtc)
            .ToListAsync(ct);
        var audience = new Audience(who, department);
        var nextDigest = CadenceClock.NextDigest(department.Subscriptions, audience.Zone, now);
        if (queued.Count == 0 && nextDigest is null && !emptyWhenNoDigest)
        {
            // Rendering one would show an empty digest "due now" that will never be sent.
            return DigestPreviewResult.Refused(department.Subscriptions.Count == 0 ? DigestPreviewProblem.NoSubscriptions : DigestPreviewProblem.NoDigestSubscriptions);
        }

        var periodEnd = queued.Count > 0 ? queued[0].DueAtUtc!.Value : nextDigest ?? now;
        var items = queued.Where(d => d.DueAtUtc == periodEnd).ToList();
        var periodStart = queued.Count == 0 && nextDigest is null ? now.AddDays(-1) : await DigestBuilder.PeriodStartAsync(db, who.Id, periodEnd, ct);
        var facts = await composer.LoadChangesAsync(items.Select(d => d.ChangeId), ct);
        var draft = new Digest { Id = Guid.Empty, DepartmentId = department.Id, RecipientId = who.Id, Address = who.Address, PeriodStartUtc = periodStart, PeriodEndUtc = periodEnd, ItemCount = items.Count };
        var followUps = await composer.LoadFollowUpsAsync([department.Id], ct);
        var message = composer.Render(composer.DigestOf(draft, items.Where(d => facts.ContainsKey(d.ChangeId)).Select(d => (d, facts[d.ChangeId])), audience, followUps[department.Id]));
        return new DigestPreviewResult(audience, periodEnd, items.Count, message, null);
    }
}
