using System.Globalization;
using System.Text;

namespace AdvisoryWatch.Notifications.Rendering;

/// <summary>
/// Renders alerts, escalations, digests and Teams messages in the recipient's language (nb, sv,
/// else en) with times in the recipient's time zone, through the message templates (see
/// <see cref="MessageTemplates"/>): the templates hold the layout, this class what is shown and
/// how safely. Every value from a source is treated as hostile: subjects are one line, HTML is
/// encoded, only http/https links are shown.
/// </summary>
/// <remarks>
/// Digests are grouped by severity, then by source: a reader works top-down and stops when the
/// rest can wait, so an urgent item must never sit under a source heading further down; within
/// one severity the source heading keeps the authority's context without repeating it per item.
/// </remarks>
public sealed class MessageRenderer(MessageTemplates templates)
{
    internal const int SubjectMaxLength = 180;
    internal const int TitleMaxLength = TemplateNames.TitleMaxLength;
    internal const int AlertSummaryMaxLength = 2_000;
    internal const int DigestSummaryMaxLength = 300;
    internal const int TeamsSummaryMaxLength = 1_000;
    internal const int AlertDiffLines = 30;
    internal const int AlertDiffChars = 3_000;
    internal const int DigestDiffLines = 8;
    internal const int DigestDiffChars = 1_200;

    /// <summary>A digest is an overview: a diff line longer than this is cut (the alert and the advisory page show it whole).</summary>
    internal const int DigestDiffLineLength = 200;
    private const int NameMaxLength = TemplateNames.NameMaxLength;
    private const int TopicMaxLength = TemplateNames.TopicMaxLength;

    /// <summary>A builder that grew past this is dropped rather than kept per thread.</summary>
    private const int KeptBuilderCapacity = 512 * 1024;

    private const string SubjectTag = "[AdvisoryWatch] ";

    [ThreadStatic]
    private static Scratch? _scratch;

    /// <summary>With the built-in templates.</summary>
    public MessageRenderer()
        : this(MessageTemplates.Builtin)
    {
    }

    public RenderedMessage RenderAlert(AlertModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var texts = MessageTexts.For(model.Language);
        var waited = model.EscalatedAfter is { } after ? texts.Humanise(after) : null;
        var subject = AlertSubject(texts, model.Item, waited);
        var item = new ItemView(model.Item, AlertSummaryMaxLength, AlertDiffLines, AlertDiffChars, AlertDiffChars);
        var view = new AlertView(texts, model.TimeZone, SafeText.OneLine(model.DepartmentName, NameMaxLength), model.UnsubscribeUrl, subject, item, waited);
        var scratch = Rent();
        templates.AlertText.Render(scratch.Writer, scratch.Text, texts, model.TimeZone, [view, view, item]);
        templates.AlertHtml.Render(scratch.Writer, scratch.Html, texts, model.TimeZone, [view, view, item]);
        return Return(scratch, subject);
    }

    public RenderedMessage RenderDigest(DigestModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var texts = MessageTexts.For(model.Language);
        var department = SafeText.OneLine(model.DepartmentName, NameMaxLength);
        var scratch = Rent();
        var line = scratch.Line;

        line.Append(SubjectTag).Append(department).Append(": ");
        texts.AppendChanges(line, model.Items.Count);
        line.Append(' ');
        AppendPeriod(line, texts, model);
        var changesInPeriod = line.ToString(SubjectTag.Length + department.Length + 2, line.Length - SubjectTag.Length - department.Length - 2);
        var subject = SafeText.OneLine(line.ToString(), SubjectMaxLength);
        line.Clear();

        var view = new DigestView(texts, model.TimeZone, department, model.UnsubscribeUrl, subject, changesInPeriod, Group(model.Items, scratch), model.FollowUps ?? []);
        templates.DigestText.Render(scratch.Writer, scratch.Text, texts, model.TimeZone, [view, view]);
        templates.DigestHtml.Render(scratch.Writer, scratch.Html, texts, model.TimeZone, [view, view]);
        return Return(scratch, subject);
    }

    public TeamsMessage RenderTeams(AlertModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var texts = MessageTexts.For(model.Language);
        var item = model.Item;
        var waited = model.EscalatedAfter is { } after ? texts.Humanise(after) : null;
        var subject = AlertSubject(texts, item, waited);
        var title = subject[SubjectTag.Length..];
        var source = SafeText.OneLine(item.SourceName, NameMaxLength);
        var itemView = new ItemView(item, TeamsSummaryMaxLength, 0, 0, 0);
        var view = new AlertView(texts, model.TimeZone, SafeText.OneLine(model.DepartmentName, NameMaxLength), model.UnsubscribeUrl, subject, itemView, waited);
        var body = new StringBuilder(512);
        var scratch = Rent();
        templates.TeamsText.Render(scratch.Writer, body, texts, model.TimeZone, [view, view, itemView]);
        _scratch = scratch;
        var end = body.Length;
        while (end > 0 && body[end - 1] is '\n' or '\r')
        {
            end--;
        }

        var facts = new List<KeyValuePair<string, string>>(6)
        {
            new(texts.SourceLabel, source),
            new(texts.KindLabel, texts.KindName(item.Kind, item.ItemKind)),
            new(texts.SeverityLabel, texts.SeverityName(item.Severity)),
        };
        if (itemView.TitleChanged)
        {
            facts.Add(new(texts.TitleWas, SafeText.OneLine(item.PreviousTitle!, TitleMaxLength)));
        }

        if (item.Topics.Count > 0)
        {
            var topics = new StringBuilder(64);
            for (var i = 0; i < item.Topics.Count; i++)
            {
                SafeText.AppendOneLine(topics.Append(i > 0 ? ", " : string.Empty), item.Topics[i], TopicMaxLength, html: false);
            }

            facts.Add(new(texts.TopicsLabel, topics.ToString()));
        }

        var detected = new StringBuilder(40);
        AppendFormatted(detected, TimeZoneInfo.ConvertTime(item.DetectedAtUtc, model.TimeZone), texts.DateTimeFormat, texts.Culture);
        facts.Add(new(texts.DetectedLabel, detected.ToString()));
        if (SafeText.IsWebLink(item.AcknowledgeUrl))
        {
            facts.Add(new(texts.Acknowledge, item.AcknowledgeUrl!.AbsoluteUri));
        }

        var link = SafeText.IsWebLink(item.Url) ? item.Url : null;
        return new TeamsMessage(title, body.ToString(0, end), link, texts.ReadMore, item.Severity, facts);
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

    /// <summary>The items by severity, most severe first, then by source; within a source newest first.</summary>
    private static List<SeverityGroup> Group(IReadOnlyList<AlertItem> items, Scratch scratch)
    {
        var order = scratch.OrderFor(items);
        var groups = new List<SeverityGroup>(4);
        SourceGroup? source = null;
        foreach (var index in order)
        {
            var item = items[index];
            if (groups.Count == 0 || groups[^1].Severity != item.Severity)
            {
                groups.Add(new SeverityGroup(item.Severity));
                source = null;
            }

            if (source is null || !string.Equals(source.Source, item.SourceName, StringComparison.OrdinalIgnoreCase))
            {
                source = new SourceGroup(item.SourceName);
                groups[^1].Sources.Add(source);
            }

            source.Items.Add(new ItemView(item, DigestSummaryMaxLength, DigestDiffLines, DigestDiffChars, DigestDiffLineLength));
        }

        return groups;
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

        public TemplateWriter Writer { get; } = new();

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
