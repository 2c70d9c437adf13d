using System.Globalization;
using System.Text.Json;
using AdvisoryWatch.Notifications.Rendering;

namespace AdvisoryWatch.Notifications.Sending.Channels.Webhook;

/// <summary>
/// The JSON document a webhook receives: schema version 1 of docs/webhooks.md. One shape for an
/// alert, an escalation and a digest (a list of changes), with machine values (topic ids, enum
/// names in lower case, UTC times) rather than the words of a rendered message. The <c>id</c> is
/// the row's, so every retry of one document carries the same id.
/// </summary>
public static class WebhookDocument
{
    public const int SchemaVersion = 1;

    public static byte[] Alert(Delivery delivery, ChangeFacts facts, Audience audience, Uri? acknowledgeUrl)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(audience);
        var type = delivery.Mode == DeliveryMode.Escalation ? "escalation" : "alert";
        return Write(delivery.Id, type, audience, period: null, [(delivery, facts, acknowledgeUrl)], followUps: null);
    }

    /// <summary>A digest: its period's changes and the department's open follow-ups (<c>followUps</c>, added within version 1).</summary>
    public static byte[] Digest(Digest digest, IEnumerable<(Delivery Delivery, ChangeFacts Facts)> items, Audience audience, IReadOnlyList<FollowUpLine> followUps)
    {
        ArgumentNullException.ThrowIfNull(digest);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(audience);
        ArgumentNullException.ThrowIfNull(followUps);
        return Write(digest.Id, "digest", audience, (digest.PeriodStartUtc, digest.PeriodEndUtc), [.. items.Select(i => (i.Delivery, i.Facts, (Uri?)null))], followUps);
    }

    private static byte[] Write(Guid id, string type, Audience audience, (DateTimeOffset Start, DateTimeOffset End)? period, IReadOnlyList<(Delivery Delivery, ChangeFacts Facts, Uri? Acknowledge)> changes, IReadOnlyList<FollowUpLine>? followUps)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("schemaVersion", SchemaVersion);
            json.WriteString("id", id);
            json.WriteString("type", type);
            json.WriteStartObject("department");
            json.WriteString("id", audience.Department.Id);
            json.WriteString("name", audience.Department.Name);
            json.WriteEndObject();
            json.WriteString("language", audience.Language);
            if (period is { } p)
            {
                json.WriteStartObject("period");
                json.WriteString("start", p.Start.UtcDateTime);
                json.WriteString("end", p.End.UtcDateTime);
                json.WriteEndObject();
            }

            json.WriteStartArray("changes");
            foreach (var (delivery, facts, acknowledge) in changes)
            {
                WriteChange(json, delivery, facts, acknowledge);
            }

            json.WriteEndArray();
            if (followUps is not null)
            {
                json.WriteStartArray("followUps");
                foreach (var followUp in followUps)
                {
                    WriteFollowUp(json, followUp);
                }

                json.WriteEndArray();
            }

            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static void WriteChange(Utf8JsonWriter json, Delivery delivery, ChangeFacts facts, Uri? acknowledge)
    {
        json.WriteStartObject();
        json.WriteString("changeId", facts.ChangeId);
        json.WriteString("advisoryId", delivery.AdvisoryId);
        json.WriteString("kind", Name(facts.Kind));
        json.WriteString("severity", Name(delivery.Severity));
        json.WriteString("itemKind", Name(facts.ItemKind));
        json.WriteString("source", facts.SourceName);
        json.WriteString("title", facts.Title);
        OptionalString(json, "previousTitle", facts.PreviousTitle);
        OptionalString(json, "url", Uri.TryCreate(facts.Url, UriKind.Absolute, out var url) ? url.AbsoluteUri : null);
        OptionalString(json, "summary", facts.Summary);
        json.WriteStartArray("topics");
        foreach (var topic in facts.Topics)
        {
            json.WriteStringValue(topic);
        }

        json.WriteEndArray();
        json.WriteString("observedAt", facts.ObservedAtUtc.UtcDateTime);
        OptionalString(json, "acknowledgeUrl", acknowledge?.AbsoluteUri);
        json.WriteEndObject();
    }

    private static void WriteFollowUp(Utf8JsonWriter json, FollowUpLine followUp)
    {
        json.WriteStartObject();
        if (followUp.AdvisoryId is { } advisoryId)
        {
            json.WriteString("advisoryId", advisoryId);
        }

        json.WriteString("title", followUp.Title);
        OptionalString(json, "url", followUp.Url is { Scheme: "http" or "https" } url ? url.AbsoluteUri : null);
        json.WriteString("state", followUp.ActionNeeded ? "actionNeeded" : "toAssess");
        OptionalString(json, "owner", followUp.Owner);
        OptionalString(json, "dueDate", followUp.DueDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        json.WriteEndObject();
    }

    private static void OptionalString(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }

    private static string Name<T>(T value)
        where T : struct, Enum => JsonNamingPolicy.CamelCase.ConvertName(value.ToString());
}
