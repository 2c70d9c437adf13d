using System.Globalization;
using System.Text;
using AdvisoryWatch.Contracts;

namespace AdvisoryWatch.Notifications.Rendering;

/// <summary>
/// Renders alerts, escalations, digests and Teams messages in the recipient's language (nb, sv,
/// else en) with times in the recipient's time zone. Every value from a source is treated as
/// hostile: subjects are one line, HTML is encoded, only http/https links are shown. The HTML uses
/// inline styles and tables only (Outlook), no remote images, no tracking.
/// </summary>
/// <remarks>
/// Digests are grouped by severity, then by source: a reader works top-down and stops when the
/// rest can wait, so an urgent item must never sit under a source heading further down; within
/// one severity the source heading keeps the authority's context without repeating it per item.
/// </remarks>
public sealed class MessageRenderer
{
    internal const int SubjectMaxLength = 180;
    internal const int TitleMaxLength = 300;
    internal const int AlertSummaryMaxLength = 2_000;
    internal const int DigestSummaryMaxLength = 300;
    internal const int TeamsSummaryMaxLength = 1_000;
    internal const int AlertDiffLines = 30;
    internal const int AlertDiffChars = 3_000;
    internal const int DigestDiffLines = 8;
    internal const int DigestDiffChars = 1_200;

    /// <summary>A digest is an overview: a diff line longer than this is cut (the alert and the advisory page show it whole).</summary>
    internal const int DigestDiffLineLength = 200;
    private const int NameMaxLength = 120;
    private const int TopicMaxLength = 80;

    /// <summary>A builder that grew past this is dropped rather than kept per thread.</summary>
    private const int KeptBuilderCapacity = 512 * 1024;

    private const string SubjectTag = "[AdvisoryWatch] ";

    private static readonly string[] SeverityColours = ["#475467", "#175cd3", "#b54708", "#b42318"];

    [ThreadStatic]
    private static Scratch? _scratch;

    public RenderedMessage RenderAlert(AlertModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var texts = MessageTexts.For(model.Language);
        var item = model.Item;
        var department = SafeText.OneLine(model.DepartmentName, NameMaxLength);
        var waited = model.EscalatedAfter is { } after ? texts.Humanise(after) : null;
        var subject = AlertSubject(texts, item, waited);
        var scratch = Rent();
        var text = scratch.Text;
        var html = scratch.Html;

        if (waited is not null)
        {
            text.AppendFormat(texts.Culture, texts.EscalationParagraph, department, waited).Append("\n\n");
        }

        text.AppendFormat(texts.Culture, texts.KindHeading(item.Kind, item.ItemKind), SafeText.OneLine(item.SourceName, NameMaxLength)).Append('\n');
        SafeText.AppendOneLine(text, item.Title, TitleMaxLength, html: false);
        text.Append("\n\n");
        AppendTextFacts(text, texts, item, model.TimeZone);
        if (!string.IsNullOrWhiteSpace(item.Summary))
        {
            text.Append('\n');
            SafeText.AppendOneLine(text, item.Summary, AlertSummaryMaxLength, html: false);
            text.Append('\n');
        }

        if (SafeText.IsWebLink(item.Url))
        {
            text.Append('\n').Append(texts.ReadMore).Append(": ").Append(item.Url!.AbsoluteUri).Append('\n');
        }

        if (ShowsTitleChange(item) || ShowsDiff(item))
        {
            text.Append('\n').Append(texts.WhatChanged).Append(":\n");
            AppendTextTitleChange(text, texts, item, indent: string.Empty);
        }

        if (ShowsDiff(item))
        {
            var more = DiffShortener.Shorten(item.Diff!, AlertDiffLines, AlertDiffChars, scratch.Diff);
            AppendTextDiff(text, texts, item.Diff!, scratch.Diff, more, AlertDiffChars, indent: string.Empty);
        }

        if (SafeText.IsWebLink(item.AcknowledgeUrl))
        {
            text.Append('\n').Append(texts.Acknowledge).Append(": ").Append(item.AcknowledgeUrl!.AbsoluteUri).Append('\n');
        }

        AppendTextFooter(text, texts, department, model.UnsubscribeUrl);

        OpenDocument(html, texts, subject);
        if (waited is not null)
        {
            html.Append("<p style=\"margin:0 0 20px;padding:12px 16px;background-color:#fef3f2;border-left:4px solid #b42318;color:#7a271a;\">");
            html.AppendFormat(texts.Culture, texts.EscalationParagraph, Encode(department), Encode(waited)).Append("</p>\n");
        }

        html.Append("<p style=\"margin:0 0 4px;font-size:13px;color:#475467;\">");
        html.AppendFormat(texts.Culture, texts.KindHeading(item.Kind, item.ItemKind), Encode(SafeText.OneLine(item.SourceName, NameMaxLength))).Append("</p>\n");
        html.Append("<h1 style=\"margin:0 0 16px;font-size:21px;line-height:1.3;font-weight:bold;color:#101828;\">");
        AppendTitle(html, item, "#101828");
        html.Append("</h1>\n");
        AppendHtmlFacts(html, texts, item, model.TimeZone);
        if (!string.IsNullOrWhiteSpace(item.Summary))
        {
            html.Append("<p style=\"margin:0 0 16px;\">");
            SafeText.AppendOneLine(html, item.Summary, AlertSummaryMaxLength, html: true);
            html.Append("</p>\n");
        }

        if (SafeText.IsWebLink(item.Url))
        {
            html.Append("<p style=\"margin:0 0 16px;\">");
            AppendLink(html, item.Url!, texts.ReadMore, "color:#175cd3;");
            html.Append("</p>\n");
        }

        if (ShowsTitleChange(item) || ShowsDiff(item))
        {
            html.Append("<h2 style=\"margin:20px 0 8px;font-size:16px;color:#101828;\">").Append(texts.WhatChanged).Append("</h2>\n");
            AppendHtmlTitleChange(html, texts, item);
        }

        if (ShowsDiff(item))
        {
            AppendHtmlDiff(html, texts, item.Diff!, scratch.Diff, DiffShortener.Shorten(item.Diff!, AlertDiffLines, AlertDiffChars, scratch.Diff), AlertDiffChars);
        }

        if (SafeText.IsWebLink(item.AcknowledgeUrl))
        {
            html.Append("<p style=\"margin:20px 0;\">");
            AppendLink(html, item.AcknowledgeUrl!, texts.Acknowledge, "display:inline-block;padding:10px 18px;background-color:#b42318;color:#ffffff;font-weight:bold;text-decoration:none;");
            html.Append("</p>\n");
        }

        CloseDocument(html, texts, department, model.UnsubscribeUrl);
        return Return(scratch, subject);
    }

    public RenderedMessage RenderDigest(DigestModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var texts = MessageTexts.For(model.Language);
        var department = SafeText.OneLine(model.DepartmentName, NameMaxLength);
        var items = model.Items;
        var scratch = Rent();
        var line = scratch.Line;

        line.Append(SubjectTag).Append(department).Append(": ");
        texts.AppendChanges(line, items.Count);
        line.Append(' ');
        AppendPeriod(line, texts, model);
        var summaryLine = line.ToString(SubjectTag.Length + department.Length + 2, line.Length - SubjectTag.Length - department.Length - 2);
        var subject = SafeText.OneLine(line.ToString(), SubjectMaxLength);
        line.Clear();

        var order = scratch.OrderFor(items);
        var text = scratch.Text;
        var html = scratch.Html;

        text.AppendFormat(texts.Culture, texts.DigestHeading, department).Append('\n').Append(summaryLine).Append('\n');
        OpenDocument(html, texts, subject);
        html.Append("<h1 style=\"margin:0 0 4px;font-size:21px;line-height:1.3;color:#101828;\">");
        html.AppendFormat(texts.Culture, texts.DigestHeading, Encode(department)).Append("</h1>\n");
        html.Append("<p style=\"margin:0 0 8px;color:#475467;\">");
        SafeText.AppendHtml(html, summaryLine);
        html.Append("</p>\n");
        if (items.Count == 0)
        {
            text.Append('\n').Append(texts.NoChanges).Append('\n');
            html.Append("<p style=\"margin:16px 0;\">").Append(texts.NoChanges).Append("</p>\n");
        }

        var severity = (Severity)(-1);
        string? source = null;
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[order[i]];
            if (item.Severity != severity)
            {
                severity = item.Severity;
                source = null;
                var colour = SeverityColour(severity);
                text.Append("\n=== ").Append(texts.SeverityLabel).Append(": ").Append(texts.SeverityName(severity)).Append(" ===\n");
                html.Append("<h2 style=\"margin:24px 0 8px;padding:4px 0 4px 10px;border-left:4px solid ").Append(colour)
                    .Append(";font-size:17px;color:#101828;\">").Append(texts.SeverityLabel).Append(": ").Append(texts.SeverityName(severity)).Append("</h2>\n");
            }

            if (!string.Equals(source, item.SourceName, StringComparison.OrdinalIgnoreCase))
            {
                source = item.SourceName;
                text.Append('\n');
                SafeText.AppendOneLine(text, source, NameMaxLength, html: false);
                text.Append('\n');
                html.Append("<h3 style=\"margin:16px 0 6px;font-size:15px;color:#344054;\">");
                SafeText.AppendOneLine(html, source, NameMaxLength, html: true);
                html.Append("</h3>\n");
            }

            AppendDigestItem(text, html, texts, item, model.TimeZone, scratch.Diff);
        }

        AppendTextFooter(text, texts, department, model.UnsubscribeUrl);
        CloseDocument(html, texts, department, model.UnsubscribeUrl);
        return Return(scratch, subject);
    }

    public TeamsMessage RenderTeams(AlertModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var texts = MessageTexts.For(model.Language);
        var item = model.Item;
        var waited = model.EscalatedAfter is { } after ? texts.Humanise(after) : null;
        var title = AlertSubject(texts, item, waited)[SubjectTag.Length..];
        var source = SafeText.OneLine(item.SourceName, NameMaxLength);
        var body = new StringBuilder(512);
        if (waited is not null)
        {
            body.AppendFormat(texts.Culture, texts.EscalationParagraph, SafeText.OneLine(model.DepartmentName, NameMaxLength), waited).Append("\n\n");
        }

        body.AppendFormat(texts.Culture, texts.KindHeading(item.Kind, item.ItemKind), source);
        if (!string.IsNullOrWhiteSpace(item.Summary))
        {
            body.Append("\n\n");
            SafeText.AppendOneLine(body, item.Summary, TeamsSummaryMaxLength, html: false);
        }

        var facts = new List<KeyValuePair<string, string>>(6)
        {
            new(texts.SourceLabel, source),
            new(texts.KindLabel, texts.KindName(item.Kind, item.ItemKind)),
            new(texts.SeverityLabel, texts.SeverityName(item.Severity)),
        };
        if (ShowsTitleChange(item))
        {
            facts.Add(new(texts.TitleWas, SafeText.OneLine(item.PreviousTitle!, TitleMaxLength)));
        }

        if (item.Topics.Count > 0)
        {
            var topics = new StringBuilder(64);
            AppendTopics(topics, item.Topics, html: false);
            facts.Add(new(texts.TopicsLabel, topics.ToString()));
        }

        var detected = new StringBuilder(40);
        AppendTime(detected, texts, item.DetectedAtUtc, model.TimeZone);
        facts.Add(new(texts.DetectedLabel, detected.ToString()));
        if (SafeText.IsWebLink(item.AcknowledgeUrl))
        {
            facts.Add(new(texts.Acknowledge, item.AcknowledgeUrl!.AbsoluteUri));
        }

        var link = SafeText.IsWebLink(item.Url) ? item.Url : null;
        return new TeamsMessage(title, body.ToString(), link, texts.ReadMore, item.Severity, facts);
    }

    private static string AlertSubject(MessageTexts texts, AlertItem item, string? waited)
    {
        var builder = new StringBuilder(SubjectMaxLength + 64);
        builder.Append(SubjectTag);
        if (waited is not null)
        {
            builder.AppendFormat(texts.Culture, texts.EscalationSubjectPrefix, waited);
        }

        builder.Append(texts.SubjectPrefix(item.Severity));
        SafeText.AppendOneLine(builder, item.SourceName, NameMaxLength, html: false);
        builder.Append(": ");
        SafeText.AppendOneLine(builder, item.Title, SubjectMaxLength, html: false);
        return SafeText.OneLine(builder.ToString(), SubjectMaxLength);
    }

    /// <summary>"23.11.2026", or "16.11.2026–22.11.2026" when the period spans local days (its end is exclusive).</summary>
    private static void AppendPeriod(StringBuilder builder, MessageTexts texts, DigestModel model)
    {
        var start = TimeZoneInfo.ConvertTime(model.PeriodStartUtc, model.TimeZone);
        var lastInstant = model.PeriodEndUtc > model.PeriodStartUtc ? model.PeriodEndUtc.AddTicks(-1) : model.PeriodEndUtc;
        var end = TimeZoneInfo.ConvertTime(lastInstant, model.TimeZone);
        AppendFormatted(builder, start, texts.ShortDateFormat, texts.Culture);
        if (end.Date != start.Date)
        {
            builder.Append('–');
            AppendFormatted(builder, end, texts.ShortDateFormat, texts.Culture);
        }
    }

    private static void AppendTime(StringBuilder builder, MessageTexts texts, DateTimeOffset utc, TimeZoneInfo zone) =>
        AppendFormatted(builder, TimeZoneInfo.ConvertTime(utc, zone), texts.DateTimeFormat, texts.Culture);

    /// <summary>The detection time into <paramref name="buffer"/> (96 characters hold every table's format).</summary>
    private static ReadOnlySpan<char> FormatTime(Span<char> buffer, MessageTexts texts, DateTimeOffset utc, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(utc, zone).TryFormat(buffer, out var written, texts.DateTimeFormat, texts.Culture) ? buffer[..written] : [];

    private static void AppendFormatted(StringBuilder builder, DateTimeOffset value, string format, CultureInfo culture)
    {
        Span<char> buffer = stackalloc char[96];
        if (value.TryFormat(buffer, out var written, format, culture))
        {
            builder.Append(buffer[..written]);
        }
        else
        {
            builder.Append(value.ToString(format, culture));
        }
    }

    /// <summary>An update whose title changed: the diff covers the text only, so the titles are shown apart.</summary>
    private static bool ShowsTitleChange(AlertItem item) =>
        item.Kind == ChangeKind.Updated && !string.IsNullOrEmpty(item.PreviousTitle) && !string.Equals(item.PreviousTitle, item.Title, StringComparison.Ordinal);

    private static void AppendTextTitleChange(StringBuilder text, MessageTexts texts, AlertItem item, string indent)
    {
        if (!ShowsTitleChange(item))
        {
            return;
        }

        text.Append(indent).Append(texts.TitleWas).Append(": ");
        SafeText.AppendOneLine(text, item.PreviousTitle, TitleMaxLength, html: false);
        text.Append('\n').Append(indent).Append(texts.TitleNow).Append(": ");
        SafeText.AppendOneLine(text, item.Title, TitleMaxLength, html: false);
        text.Append('\n');
    }

    private static void AppendHtmlTitleChange(StringBuilder html, MessageTexts texts, AlertItem item)
    {
        if (!ShowsTitleChange(item))
        {
            return;
        }

        html.Append("<p style=\"margin:0 0 12px;font-size:14px;\"><span style=\"color:#82071e;background-color:#ffebe9;\">").Append(texts.TitleWas).Append(": ");
        SafeText.AppendOneLine(html, item.PreviousTitle, TitleMaxLength, html: true);
        html.Append("</span><br>\n<span style=\"color:#116329;background-color:#dafbe1;\">").Append(texts.TitleNow).Append(": ");
        SafeText.AppendOneLine(html, item.Title, TitleMaxLength, html: true);
        html.Append("</span></p>\n");
    }

    private static bool ShowsDiff(AlertItem item) =>
        item.Kind is ChangeKind.Updated or ChangeKind.PageChanged && !string.IsNullOrEmpty(item.Diff);

    private static void AppendTextFacts(StringBuilder text, MessageTexts texts, AlertItem item, TimeZoneInfo zone)
    {
        text.Append(texts.SourceLabel).Append(": ");
        SafeText.AppendOneLine(text, item.SourceName, NameMaxLength, html: false);
        text.Append('\n').Append(texts.KindLabel).Append(": ").Append(texts.KindName(item.Kind, item.ItemKind)).Append('\n');
        text.Append(texts.SeverityLabel).Append(": ").Append(texts.SeverityName(item.Severity)).Append('\n');
        if (item.Topics.Count > 0)
        {
            text.Append(texts.TopicsLabel).Append(": ");
            AppendTopics(text, item.Topics, html: false);
            text.Append('\n');
        }

        text.Append(texts.DetectedLabel).Append(": ");
        AppendTime(text, texts, item.DetectedAtUtc, zone);
        text.Append('\n');
    }

    private static void AppendHtmlFacts(StringBuilder html, MessageTexts texts, AlertItem item, TimeZoneInfo zone)
    {
        const string Label = "<tr><td style=\"padding:2px 16px 2px 0;color:#475467;vertical-align:top;white-space:nowrap;\">";
        const string Value = "</td><td style=\"padding:2px 0;vertical-align:top;\">";
        html.Append("<table role=\"presentation\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"margin:0 0 16px;font-size:14px;\">\n");
        html.Append(Label).Append(texts.SourceLabel).Append(Value);
        SafeText.AppendOneLine(html, item.SourceName, NameMaxLength, html: true);
        html.Append("</td></tr>\n").Append(Label).Append(texts.KindLabel).Append(Value).Append(texts.KindName(item.Kind, item.ItemKind)).Append("</td></tr>\n");
        html.Append(Label).Append(texts.SeverityLabel).Append(Value);
        AppendSeverityBadge(html, texts, item.Severity);
        html.Append("</td></tr>\n");
        if (item.Topics.Count > 0)
        {
            html.Append(Label).Append(texts.TopicsLabel).Append(Value);
            AppendTopics(html, item.Topics, html: true);
            html.Append("</td></tr>\n");
        }

        html.Append(Label).Append(texts.DetectedLabel).Append(Value);
        AppendTime(html, texts, item.DetectedAtUtc, zone);
        html.Append("</td></tr>\n</table>\n");
    }

    private static void AppendDigestItem(StringBuilder text, StringBuilder html, MessageTexts texts, AlertItem item, TimeZoneInfo zone, List<DiffLine> diff)
    {
        text.Append("\n* ");
        SafeText.AppendOneLine(text, item.Title, TitleMaxLength, html: false);
        text.Append("\n  ").Append(texts.KindName(item.Kind, item.ItemKind));
        if (item.Topics.Count > 0)
        {
            text.Append(" · ").Append(texts.TopicsLabel).Append(": ");
            AppendTopics(text, item.Topics, html: false);
        }

        Span<char> time = stackalloc char[96];
        var detected = FormatTime(time, texts, item.DetectedAtUtc, zone);
        text.Append(" · ").Append(detected).Append('\n');

        html.Append("<p style=\"margin:12px 0 2px;font-size:15px;font-weight:bold;\">");
        AppendTitle(html, item, "#175cd3");
        html.Append("</p>\n<p style=\"margin:0 0 4px;font-size:13px;color:#475467;\">").Append(texts.KindName(item.Kind, item.ItemKind));
        if (item.Severity >= Severity.High)
        {
            html.Append(" · ");
            AppendSeverityBadge(html, texts, item.Severity);
        }

        if (item.Topics.Count > 0)
        {
            html.Append(" · ").Append(texts.TopicsLabel).Append(": ");
            AppendTopics(html, item.Topics, html: true);
        }

        html.Append(" · ").Append(detected).Append("</p>\n");

        if (!string.IsNullOrWhiteSpace(item.Summary))
        {
            text.Append("  ");
            SafeText.AppendOneLine(text, item.Summary, DigestSummaryMaxLength, html: false);
            text.Append('\n');
            html.Append("<p style=\"margin:0 0 6px;\">");
            SafeText.AppendOneLine(html, item.Summary, DigestSummaryMaxLength, html: true);
            html.Append("</p>\n");
        }

        if (SafeText.IsWebLink(item.Url))
        {
            text.Append("  ").Append(item.Url!.AbsoluteUri).Append('\n');
        }

        AppendTextTitleChange(text, texts, item, indent: "  ");
        AppendHtmlTitleChange(html, texts, item);
        if (ShowsDiff(item))
        {
            var more = DiffShortener.Shorten(item.Diff!, DigestDiffLines, DigestDiffChars, diff);
            AppendTextDiff(text, texts, item.Diff!, diff, more, DigestDiffLineLength, indent: "  ");
            AppendHtmlDiff(html, texts, item.Diff!, diff, more, DigestDiffLineLength);
        }

        if (SafeText.IsWebLink(item.AcknowledgeUrl))
        {
            text.Append("  ").Append(texts.Acknowledge).Append(": ").Append(item.AcknowledgeUrl!.AbsoluteUri).Append('\n');
            html.Append("<p style=\"margin:0 0 6px;\">");
            AppendLink(html, item.AcknowledgeUrl!, texts.Acknowledge, "color:#b42318;font-weight:bold;");
            html.Append("</p>\n");
        }
    }

    private static void AppendTitle(StringBuilder html, AlertItem item, string colour)
    {
        if (SafeText.IsWebLink(item.Url))
        {
            html.Append("<a href=\"");
            SafeText.AppendHtml(html, item.Url!.AbsoluteUri);
            html.Append("\" rel=\"noopener noreferrer\" style=\"color:").Append(colour).Append(";text-decoration:underline;\">");
            SafeText.AppendOneLine(html, item.Title, TitleMaxLength, html: true);
            html.Append("</a>");
        }
        else
        {
            SafeText.AppendOneLine(html, item.Title, TitleMaxLength, html: true);
        }
    }

    /// <summary><paramref name="label"/> is one of our fixed strings: it holds no markup.</summary>
    private static void AppendLink(StringBuilder html, Uri uri, string label, string style)
    {
        html.Append("<a href=\"");
        SafeText.AppendHtml(html, uri.AbsoluteUri);
        html.Append("\" rel=\"noopener noreferrer\" style=\"").Append(style).Append("\">").Append(label).Append("</a>");
    }

    private static void AppendSeverityBadge(StringBuilder html, MessageTexts texts, Severity severity) =>
        html.Append("<span style=\"display:inline-block;padding:1px 8px;background-color:").Append(SeverityColour(severity))
            .Append(";color:#ffffff;font-size:12px;font-weight:bold;\">").Append(texts.SeverityName(severity)).Append("</span>");

    private static void AppendTopics(StringBuilder builder, IReadOnlyList<string> topics, bool html)
    {
        for (var i = 0; i < topics.Count; i++)
        {
            if (i > 0)
            {
                builder.Append(", ");
            }

            SafeText.AppendOneLine(builder, topics[i], TopicMaxLength, html);
        }
    }

    private static void AppendTextDiff(StringBuilder text, MessageTexts texts, string diff, List<DiffLine> lines, int more, int lineLength, string indent)
    {
        foreach (var line in lines)
        {
            text.Append(indent);
            AppendDiffLine(text, diff, line, lineLength, html: false);
            text.Append('\n');
        }

        if (more > 0)
        {
            text.Append(indent);
            texts.AppendMoreLines(text, more);
            text.Append('\n');
        }
    }

    private static void AppendHtmlDiff(StringBuilder html, MessageTexts texts, string diff, List<DiffLine> lines, int more, int lineLength)
    {
        html.Append("<pre style=\"margin:0 0 12px;padding:8px 10px;background-color:#f9fafb;border:1px solid #e4e7ec;font-family:Consolas,'Courier New',monospace;font-size:13px;line-height:1.45;white-space:pre-wrap;word-wrap:break-word;color:#344054;\">");
        foreach (var line in lines)
        {
            switch (line.Kind)
            {
                case DiffLineKind.Added:
                    html.Append("<span style=\"color:#116329;background-color:#dafbe1;\">");
                    AppendDiffLine(html, diff, line, lineLength, html: true);
                    html.Append("</span>\n");
                    break;
                case DiffLineKind.Removed:
                    html.Append("<span style=\"color:#82071e;background-color:#ffebe9;\">");
                    AppendDiffLine(html, diff, line, lineLength, html: true);
                    html.Append("</span>\n");
                    break;
                default:
                    AppendDiffLine(html, diff, line, lineLength, html: true);
                    html.Append('\n');
                    break;
            }
        }

        if (more > 0)
        {
            html.Append("<span style=\"color:#475467;font-style:italic;\">");
            texts.AppendMoreLines(html, more);
            html.Append("</span>\n");
        }

        html.Append("</pre>\n");
    }

    /// <summary>The prefix is kept as stored; the rest is made one safe line, so a U+2028 in page text cannot break the layout.</summary>
    private static void AppendDiffLine(StringBuilder builder, string diff, DiffLine line, int lineLength, bool html)
    {
        if (line.Kind == DiffLineKind.Gap)
        {
            builder.Append('…');
            return;
        }

        var span = diff.AsSpan(line.Start, line.Length);
        var prefix = Math.Min(2, span.Length);
        builder.Append(line.Kind switch
        {
            DiffLineKind.Added => "+ ",
            DiffLineKind.Removed => "- ",
            _ => "  ",
        });
        SafeText.AppendOneLine(builder, span[prefix..], lineLength, html);
    }

    private static void AppendTextFooter(StringBuilder text, MessageTexts texts, string department, Uri? unsubscribe)
    {
        text.Append("\n-- \n");
        text.AppendFormat(texts.Culture, texts.WhyYouGetThis, department).Append('\n');
        if (SafeText.IsWebLink(unsubscribe))
        {
            text.Append(texts.Unsubscribe).Append(": ").Append(unsubscribe!.AbsoluteUri).Append('\n');
        }
    }

    private static void OpenDocument(StringBuilder html, MessageTexts texts, string subject)
    {
        html.Append("<!DOCTYPE html>\n<html lang=\"").Append(texts.Language).Append("\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
        SafeText.AppendHtml(html, subject);
        html.Append("</title>\n</head>\n<body style=\"margin:0;padding:0;background-color:#f2f4f7;\">\n")
            .Append("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"background-color:#f2f4f7;\"><tr><td align=\"center\" style=\"padding:16px 8px;\">\n")
            .Append("<table role=\"presentation\" width=\"640\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"width:100%;max-width:640px;background-color:#ffffff;border:1px solid #d0d5dd;font-family:'Segoe UI',Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#1d2939;\">\n")
            .Append("<tr><td style=\"padding:24px;\">\n");
    }

    private static void CloseDocument(StringBuilder html, MessageTexts texts, string department, Uri? unsubscribe)
    {
        html.Append("</td></tr>\n<tr><td style=\"padding:16px 24px;border-top:1px solid #e4e7ec;font-size:12px;line-height:1.5;color:#667085;\">\n");
        html.AppendFormat(texts.Culture, texts.WhyYouGetThis, Encode(department));
        if (SafeText.IsWebLink(unsubscribe))
        {
            html.Append("<br>\n");
            AppendLink(html, unsubscribe!, texts.Unsubscribe, "color:#667085;");
        }

        html.Append("\n</td></tr>\n</table>\n</td></tr></table>\n</body>\n</html>\n");
    }

    private static string SeverityColour(Severity severity) => SeverityColours[Math.Clamp((int)severity, 0, SeverityColours.Length - 1)];

    private static string Encode(string value)
    {
        var builder = new StringBuilder(value.Length + 16);
        SafeText.AppendHtml(builder, value);
        return builder.ToString();
    }

    private static Scratch Rent()
    {
        var scratch = _scratch ?? new Scratch();
        _scratch = null;
        return scratch;
    }

    private static RenderedMessage Return(Scratch scratch, string subject)
    {
        var message = new RenderedMessage(subject, scratch.Text.ToString(), scratch.Html.ToString());
        if (scratch.Text.Capacity <= KeptBuilderCapacity && scratch.Html.Capacity <= KeptBuilderCapacity)
        {
            scratch.Text.Clear();
            scratch.Html.Clear();
            scratch.Line.Clear();
            _scratch = scratch;
        }

        return message;
    }

    /// <summary>Builders and buffers reused by the renders on one thread, so a digest allocates little beyond its output.</summary>
    private sealed class Scratch
    {
        private int[] _order = new int[64];

        public StringBuilder Text { get; } = new(16 * 1024);

        public StringBuilder Html { get; } = new(64 * 1024);

        public StringBuilder Line { get; } = new(256);

        public List<DiffLine> Diff { get; } = new(32);

        /// <summary>Item indexes, most severe first, then by source, newest first; the index breaks ties so the order is stable.</summary>
        public ReadOnlySpan<int> OrderFor(IReadOnlyList<AlertItem> items)
        {
            if (_order.Length < items.Count)
            {
                _order = new int[items.Count];
            }

            var order = _order.AsSpan(0, items.Count);
            for (var i = 0; i < order.Length; i++)
            {
                order[i] = i;
            }

            order.Sort((a, b) =>
            {
                var x = items[a];
                var y = items[b];
                var bySeverity = y.Severity.CompareTo(x.Severity);
                if (bySeverity != 0)
                {
                    return bySeverity;
                }

                var bySource = string.Compare(x.SourceName, y.SourceName, StringComparison.OrdinalIgnoreCase);
                if (bySource != 0)
                {
                    return bySource;
                }

                var byTime = y.DetectedAtUtc.CompareTo(x.DetectedAtUtc);
                return byTime != 0 ? byTime : a.CompareTo(b);
            });
            return order;
        }
    }
}
