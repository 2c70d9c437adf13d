using AdvisoryWatch.Contracts;

namespace AdvisoryWatch.Notifications.Rendering;

/// <summary>
/// Every name a message template can use, scope by scope. A value from a source is made one safe
/// line and capped here, before any template sees it; the templates decide only where it goes and
/// how it looks. docs/mail.md lists the same names (a test keeps the two alike).
/// </summary>
internal static class TemplateNames
{
    internal const int NameMaxLength = 120;
    internal const int TitleMaxLength = 300;
    internal const int TopicMaxLength = 80;

    public static TemplateSchema<MessageView> Message { get; } = new TemplateSchema<MessageView>("every message")
        .Value("language", "the language code (nb, sv, en)", (m, w) => w.Text(m.Texts.Language))
        .Value("subject", "the subject line", (m, w) => w.Text(m.Subject))
        .Value("department", "the department's name", (m, w) => w.Text(m.Department))
        .Value("whyYouGetThis", "why the recipient gets this message", (m, w) => w.Format(m.Texts.WhyYouGetThis, m.Department))
        .Value("unsubscribeUrl", "the unsubscribe link; absent when there is none", (m, w) => w.Link(m.Unsubscribe!), m => m.Unsubscribe is not null)
        .Value("sourceLabel", "fixed word: source", (m, w) => w.Text(m.Texts.SourceLabel))
        .Value("kindLabel", "fixed word: kind of change", (m, w) => w.Text(m.Texts.KindLabel))
        .Value("severityLabel", "fixed word: severity", (m, w) => w.Text(m.Texts.SeverityLabel))
        .Value("topicsLabel", "fixed word: topics", (m, w) => w.Text(m.Texts.TopicsLabel))
        .Value("detectedLabel", "fixed word: detected", (m, w) => w.Text(m.Texts.DetectedLabel))
        .Value("readMore", "fixed words: read more", (m, w) => w.Text(m.Texts.ReadMore))
        .Value("whatChanged", "fixed words: what changed", (m, w) => w.Text(m.Texts.WhatChanged))
        .Value("titleWas", "fixed words: the title before", (m, w) => w.Text(m.Texts.TitleWas))
        .Value("titleNow", "fixed words: the title now", (m, w) => w.Text(m.Texts.TitleNow))
        .Value("acknowledge", "fixed words: the acknowledge link's text", (m, w) => w.Text(m.Texts.Acknowledge))
        .Value("unsubscribe", "fixed word: the unsubscribe link's text", (m, w) => w.Text(m.Texts.Unsubscribe))
        .Value("noChanges", "fixed words: no changes in the period", (m, w) => w.Text(m.Texts.NoChanges));

    public static TemplateSchema<AlertView> Alert { get; } = new TemplateSchema<AlertView>("an alert")
        .Value("escalation", "for an escalation: nobody in the department acknowledged within how long; absent otherwise",
            (a, w) => w.Format(a.Texts.EscalationParagraph, a.Department, a.Waited), a => a.Waited is not null);

    public static TemplateSchema<DiffLineView> DiffLine { get; } = new TemplateSchema<DiffLineView>("a diff line")
        .Value("line", "the line's text, without its +/- prefix", (l, w) => l.Write(w))
        .Flag("added", "the line was added", l => l.Kind == DiffLineKind.Added)
        .Flag("removed", "the line was removed", l => l.Kind == DiffLineKind.Removed)
        .Flag("context", "an unchanged line beside a change", l => l.Kind == DiffLineKind.Context)
        .Flag("gap", "unchanged lines left out here", l => l.Kind == DiffLineKind.Gap);

    public static TemplateSchema<ItemView> Item { get; } = SeverityFlags(new TemplateSchema<ItemView>("an item"), i => i.Item.Severity)
        .Value("title", "the item's title", (i, w) => w.OneLine(i.Item.Title, TitleMaxLength))
        .Value("url", "the item's link; absent unless http or https", (i, w) => w.Link(i.Item.Url!), i => SafeText.IsWebLink(i.Item.Url))
        .Value("source", "the source's name", (i, w) => w.OneLine(i.Item.SourceName, NameMaxLength))
        .Value("heading", "the item named as its source declares it, with the source (\"Nytt varsel fra NSM\")",
            (i, w) => w.Format(w.Texts.KindHeading(i.Item.Kind, i.Item.ItemKind), SafeText.OneLine(i.Item.SourceName, NameMaxLength)))
        .Value("kind", "the kind of change (\"Oppdatert veiledning\", \"Siden er fjernet\")", (i, w) => w.Text(w.Texts.KindName(i.Item.Kind, i.Item.ItemKind)))
        .Value("severity", "the severity's name", (i, w) => w.Text(w.Texts.SeverityName(i.Item.Severity)))
        .Value("topics", "the topics, comma-separated; absent when none", WriteTopics, i => i.Item.Topics.Count > 0)
        .Value("detected", "when the change was detected, in the reader's time zone", (i, w) => w.Time(i.Item.DetectedAtUtc))
        .Value("summary", "the summary, shortened to the message's room; absent when empty",
            (i, w) => w.OneLine(i.Item.Summary, i.SummaryMaxLength), i => !string.IsNullOrWhiteSpace(i.Item.Summary))
        .Flag("titleChanged", "an update whose title changed", i => i.TitleChanged)
        .Value("previousTitle", "the title before the update", (i, w) => w.OneLine(i.Item.PreviousTitle, TitleMaxLength))
        .Flag("diffShown", "an update or changed page with a diff to show", i => i.DiffShown)
        .Flag("changeShown", "titleChanged or diffShown: there is a \"what changed\" to show", i => i.TitleChanged || i.DiffShown)
        .List("diffLines", "the shortened diff's lines", i => i.DiffLines, DiffLine)
        .Value("moreLines", "\"… N more lines changed\"; absent when the whole diff is shown",
            (i, w) => w.Count(w.Texts.MoreLinesOne, w.Texts.MoreLinesMany, i.MoreLines), i => i.MoreLines > 0)
        .Value("acknowledgeUrl", "for an urgent alert: the acknowledge link; absent otherwise", (i, w) => w.Link(i.Item.AcknowledgeUrl!), i => SafeText.IsWebLink(i.Item.AcknowledgeUrl));

    public static TemplateSchema<SourceGroup> Source { get; } = new TemplateSchema<SourceGroup>("a source group")
        .Value("source", "the source's name", (g, w) => w.OneLine(g.Source, NameMaxLength))
        .List("items", "the source's items, newest first", g => g.Items, Item);

    public static TemplateSchema<SeverityGroup> Severity { get; } = SeverityFlags(new TemplateSchema<SeverityGroup>("a severity group"), g => g.Severity)
        .Value("severity", "the severity's name", (g, w) => w.Text(w.Texts.SeverityName(g.Severity)))
        .List("sources", "the sources with items of this severity, by name", g => g.Sources, Source);

    public static TemplateSchema<FollowUpLine> FollowUp { get; } = new TemplateSchema<FollowUpLine>("an open follow-up")
        .Value("title", "the advisory's title", (f, w) => w.OneLine(f.Title, TitleMaxLength))
        .Value("url", "the advisory's link; absent unless http or https", (f, w) => w.Link(f.Url!), f => SafeText.IsWebLink(f.Url))
        .Value("state", "\"to assess\" or \"action needed\"", (f, w) => w.Text(f.ActionNeeded ? w.Texts.FollowUpActionNeeded : w.Texts.FollowUpToAssess))
        .Value("owner", "who looks after it; absent when nobody is named", (f, w) => w.OneLine(f.Owner, NameMaxLength), f => !string.IsNullOrWhiteSpace(f.Owner))
        .Value("due", "the due date; absent when none", (f, w) => w.Text(f.DueDate!.Value.ToString(w.Texts.ShortDateFormat, w.Texts.Culture)), f => f.DueDate is not null);

    public static TemplateSchema<DigestView> Digest { get; } = new TemplateSchema<DigestView>("a digest")
        .Value("digestHeading", "the digest's heading (\"Oversikt for IT-avdelingen\")", (d, w) => w.Format(d.Texts.DigestHeading, d.Department))
        .Value("changesInPeriod", "how many changes over which days (\"3 endringer 16.11.2026–22.11.2026\")", (d, w) => w.Text(d.ChangesInPeriod))
        .List("severities", "the severities with items, most severe first", d => d.Severities, Severity)
        .Flag("hasFollowUps", "the department has open follow-ups", d => d.FollowUps.Count > 0)
        .List("followUps", "the department's open follow-ups, due first", d => d.FollowUps, FollowUp)
        .Value("followUpsHeading", "fixed words: open follow-up", (d, w) => w.Text(d.Texts.FollowUpsHeading))
        .Value("ownerLabel", "fixed word: owner", (d, w) => w.Text(d.Texts.OwnerLabel))
        .Value("dueLabel", "fixed word: due", (d, w) => w.Text(d.Texts.DueLabel));

    /// <summary>The scopes open at the start of an alert's, an escalation's and a Teams message's templates.</summary>
    public static IReadOnlyList<TemplateSchema> AlertScopes { get; } = [Message, Alert, Item];

    public static IReadOnlyList<TemplateSchema> DigestScopes { get; } = [Message, Digest];

    private static TemplateSchema<T> SeverityFlags<T>(TemplateSchema<T> schema, Func<T, Severity> severity)
        where T : class => schema
        .Flag("isLow", "the severity is low", x => severity(x) == Contracts.Severity.Low)
        .Flag("isNormal", "the severity is normal", x => severity(x) == Contracts.Severity.Normal)
        .Flag("isHigh", "the severity is high", x => severity(x) == Contracts.Severity.High)
        .Flag("isUrgent", "the severity is urgent", x => severity(x) == Contracts.Severity.Urgent);

    private static void WriteTopics(ItemView item, TemplateWriter writer)
    {
        var topics = item.Item.Topics;
        for (var i = 0; i < topics.Count; i++)
        {
            if (i > 0)
            {
                writer.Text(", ");
            }

            writer.OneLine(topics[i], TopicMaxLength);
        }
    }
}
