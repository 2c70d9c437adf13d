using AdvisoryWatch.Changes;
using AdvisoryWatch.Contracts;
using AdvisoryWatch.Data;
using AdvisoryWatch.Departments;
using AdvisoryWatch.Notifications.Escalation;
using AdvisoryWatch.Notifications.Rendering;
using AdvisoryWatch.Notifications.Sending.Channels.Mail;
using AdvisoryWatch.Sources;
using AdvisoryWatch.Topics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AdvisoryWatch.Notifications.Sending;

/// <summary>
/// Reads what messages need from the database in a few queries per batch, and turns deliveries and
/// digests into rendered mail with stable Message-IDs and signed links. Reading happens before the
/// parallel sends; rendering during them touches no database.
/// </summary>
public sealed class MessageComposer(
    AdvisoryWatchDbContext db,
    MessageRenderer renderer,
    TopicRules topics,
    LinkSigner signer,
    IOptions<NotificationsOptions> options)
{
    public async Task<Dictionary<Guid, ChangeFacts>> LoadChangesAsync(IEnumerable<Guid> changeIds, CancellationToken ct)
    {
        var ids = changeIds.Distinct().ToList();
        var rows = await (
            from v in db.Set<AdvisoryVersion>().AsNoTracking()
            join a in db.Set<Advisory>() on v.AdvisoryId equals a.Id
            join s in db.Set<Source>() on a.SourceId equals s.Id
            where ids.Contains(v.Id)
            select new
            {
                v.Id,
                v.Kind,
                s.Name,
                v.Title,
                v.Url,
                v.Summary,
                v.Diff,
                a.Topics,
                v.ObservedAtUtc,
                s.ItemKind,
                SourceKind = s.Kind,

                // The diff is of the text alone: a title-only edit would otherwise show nothing.
                PreviousTitle = v.Kind == ChangeKind.Updated
                    ? db.Set<AdvisoryVersion>().Where(p => p.AdvisoryId == v.AdvisoryId && p.Version == v.Version - 1).Select(p => p.Title).FirstOrDefault()
                    : null,
            })
            .ToListAsync(ct);
        return rows.ToDictionary(r => r.Id, r => new ChangeFacts(
            r.Id,
            r.Kind,
            r.Name,
            r.Title,
            r.Url,
            r.Summary,
            r.Diff,
            r.Topics,
            r.ObservedAtUtc,
            ItemKinds.Effective(r.ItemKind, r.SourceKind),
            r.PreviousTitle is { } previous && !string.Equals(previous, r.Title, StringComparison.Ordinal) ? previous : null));
    }

    public async Task<Dictionary<Guid, Audience>> LoadAudiencesAsync(IEnumerable<Guid> recipientIds, CancellationToken ct)
    {
        var ids = recipientIds.Distinct().ToList();
        var recipients = await db.Set<Recipient>().AsNoTracking().Where(r => ids.Contains(r.Id)).ToListAsync(ct);
        var departmentIds = recipients.Select(r => r.DepartmentId).Distinct().ToList();
        var departments = await db.Set<Department>().AsNoTracking().Where(d => departmentIds.Contains(d.Id)).ToDictionaryAsync(d => d.Id, ct);
        return recipients.ToDictionary(r => r.Id, r => new Audience(r, departments[r.DepartmentId]));
    }

    public AlertItem Item(ChangeFacts facts, Severity severity, string language, Uri? acknowledgeUrl)
    {
        ArgumentNullException.ThrowIfNull(facts);
        return new AlertItem(
            facts.ChangeId,
            facts.Kind,
            facts.SourceName,
            facts.Title,
            Uri.TryCreate(facts.Url, UriKind.Absolute, out var url) ? url : null,
            facts.Summary,
            severity,
            [.. facts.Topics.Select(t => topics.DisplayName(t, language))],
            facts.Diff,
            facts.ObservedAtUtc,
            acknowledgeUrl,
            facts.ItemKind,
            facts.PreviousTitle);
    }

    /// <summary>The alert for an immediate or escalation delivery.</summary>
    public AlertModel Alert(Delivery delivery, ChangeFacts facts, Audience audience)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        ArgumentNullException.ThrowIfNull(audience);
        var acknowledge = delivery.Severity == Severity.Urgent && delivery.Channel is RecipientChannel.Email or RecipientChannel.Webhook
            ? options.Value.Link("ack/" + signer.Sign(LinkPurpose.Acknowledge, delivery.Id))
            : null;
        return new AlertModel(
            audience.Language,
            audience.Zone,
            audience.Department.Name,
            Item(facts, delivery.Severity, audience.Language, acknowledge),
            delivery.Mode == DeliveryMode.Escalation ? null : UnsubscribeUrl(audience.Recipient),
            delivery.Mode == DeliveryMode.Escalation ? audience.Department.EscalateAfter ?? TimeSpan.Zero : null);
    }

    /// <summary>The most open follow-ups a digest lists.</summary>
    public const int DigestFollowUpLimit = 20;

    /// <summary>Each department's open follow-ups, due first, as its digests list them.</summary>
    public async Task<Dictionary<string, IReadOnlyList<FollowUpLine>>> LoadFollowUpsAsync(IEnumerable<string> departmentIds, CancellationToken ct)
    {
        var result = new Dictionary<string, IReadOnlyList<FollowUpLine>>(StringComparer.Ordinal);
        foreach (var id in departmentIds.Distinct(StringComparer.Ordinal))
        {
            var open = await FollowUp.AssessmentQueries.OpenAsync(db, id, DigestFollowUpLimit, ct);
            result[id] = [.. open.Select(a => new FollowUpLine(
                a.AdvisoryTitle,
                Uri.TryCreate(a.AdvisoryUrl, UriKind.Absolute, out var url) ? url : null,
                a.State == Hosting.KebabNames.Format(FollowUp.AssessmentState.ActionNeeded),
                a.Owner,
                a.DueDate,
                a.AdvisoryId))];
        }

        return result;
    }

    public DigestModel DigestOf(Digest digest, IEnumerable<(Delivery Delivery, ChangeFacts Facts)> items, Audience audience, IReadOnlyList<FollowUpLine>? followUps = null)
    {
        ArgumentNullException.ThrowIfNull(digest);
        ArgumentNullException.ThrowIfNull(audience);
        return new DigestModel(
            audience.Language,
            audience.Zone,
            audience.Department.Name,
            digest.PeriodStartUtc,
            digest.PeriodEndUtc,
            [.. items.Select(i => Item(i.Facts, i.Delivery.Severity, audience.Language, acknowledgeUrl: null))],
            UnsubscribeUrl(audience.Recipient),
            followUps);
    }

    public Uri UnsubscribeUrl(Recipient recipient)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        return options.Value.Link("unsubscribe/" + signer.Sign(LinkPurpose.Unsubscribe, recipient.Id));
    }

    public RenderedMessage Render(AlertModel model) => renderer.RenderAlert(model);

    public RenderedMessage Render(DigestModel model) => renderer.RenderDigest(model);

    public TeamsMessage RenderTeams(AlertModel model) => renderer.RenderTeams(model);

    /// <summary>One envelope for one recipient; the Message-ID derives from the row, so every retry reuses it.</summary>
    public OutgoingMail Mail(Guid rowId, Audience audience, RenderedMessage message, Uri? unsubscribe)
    {
        ArgumentNullException.ThrowIfNull(audience);
        ArgumentNullException.ThrowIfNull(message);
        List<KeyValuePair<string, string>> headers = [];
        if (unsubscribe is not null)
        {
            // RFC 8058: the POST to this URL unsubscribes in one click, without a cookie or a form.
            headers.Add(new("List-Unsubscribe", $"<{unsubscribe.AbsoluteUri}>"));
            headers.Add(new("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"));
        }

        return new OutgoingMail(MessageId(rowId), audience.Recipient.Address, audience.Recipient.Name, message.Subject, message.TextBody, message.HtmlBody, audience.Language, headers);
    }

    public static string MessageId(Guid rowId) => $"{rowId:N}@advisorywatch";
}
