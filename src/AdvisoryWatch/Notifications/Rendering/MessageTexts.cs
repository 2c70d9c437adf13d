using System.Globalization;
using System.Text;
using AdvisoryWatch.Contracts;
using AdvisoryWatch.Sources;

namespace AdvisoryWatch.Notifications.Rendering;

/// <summary>
/// Every fixed string of a message in one language, with its culture and date formats. One table
/// per language, built once: the renderer looks a table up per message and never parses a format
/// again (the <see cref="CompositeFormat"/>s are parsed here).
/// </summary>
internal sealed class MessageTexts
{
    public required string Language { get; init; }

    public required CultureInfo Culture { get; init; }

    /// <summary>Date and time of detection, in the reader's time zone.</summary>
    public required string DateTimeFormat { get; init; }

    /// <summary>A date in a subject line.</summary>
    public required string ShortDateFormat { get; init; }

    /// <summary>Indexed by <see cref="Severity"/>.</summary>
    public required string[] SeverityNames { get; init; }

    /// <summary>
    /// Indexed by <see cref="ItemKind"/>: how a new and an updated item are named. A CERT's warning
    /// must not read as "guidance", and the words agree in gender, so each is written out whole.
    /// </summary>
    public required ItemWords[] Items { get; init; }

    /// <summary>A watched page's events, in <see cref="ChangeKind"/> order from <see cref="ChangeKind.PageChanged"/>.</summary>
    public required string[] PageEventNames { get; init; }

    /// <summary>As <see cref="PageEventNames"/>; {0} is the source.</summary>
    public required CompositeFormat[] PageEventHeadings { get; init; }

    public required string UrgentSubjectPrefix { get; init; }

    public required string HighSubjectPrefix { get; init; }

    /// <summary>{0} is the humanised time the alert waited.</summary>
    public required CompositeFormat EscalationSubjectPrefix { get; init; }

    /// <summary>{0} is the department, {1} the humanised time the alert waited.</summary>
    public required CompositeFormat EscalationParagraph { get; init; }

    public required string SourceLabel { get; init; }

    public required string KindLabel { get; init; }

    public required string SeverityLabel { get; init; }

    public required string TopicsLabel { get; init; }

    public required string DetectedLabel { get; init; }

    public required string ReadMore { get; init; }

    public required string WhatChanged { get; init; }

    /// <summary>Labels the earlier title of an item whose title changed.</summary>
    public required string TitleWas { get; init; }

    public required string TitleNow { get; init; }

    public required string Acknowledge { get; init; }

    public required string Unsubscribe { get; init; }

    /// <summary>{0} is the department.</summary>
    public required CompositeFormat WhyYouGetThis { get; init; }

    /// <summary>{0} is the department.</summary>
    public required CompositeFormat DigestHeading { get; init; }

    public required string NoChanges { get; init; }

    public required string FollowUpsHeading { get; init; }

    public required string FollowUpToAssess { get; init; }

    public required string FollowUpActionNeeded { get; init; }

    public required string OwnerLabel { get; init; }

    public required string DueLabel { get; init; }

    public required CompositeFormat ChangesOne { get; init; }

    public required CompositeFormat ChangesMany { get; init; }

    public required CompositeFormat MoreLinesOne { get; init; }

    public required CompositeFormat MoreLinesMany { get; init; }

    public required CompositeFormat MinutesOne { get; init; }

    public required CompositeFormat MinutesMany { get; init; }

    public required CompositeFormat HoursOne { get; init; }

    public required CompositeFormat HoursMany { get; init; }

    public required CompositeFormat DaysOne { get; init; }

    public required CompositeFormat DaysMany { get; init; }

    /// <summary>Joins hours and minutes ("2 timer og 30 minutter").</summary>
    public required string And { get; init; }

    public static readonly MessageTexts Norwegian = new()
    {
        Language = "nb",
        Culture = CultureInfo.GetCultureInfo("nb-NO"),
        DateTimeFormat = "d. MMMM yyyy 'kl.' HH:mm",
        ShortDateFormat = "d.M.yyyy",
        SeverityNames = ["Lav", "Normal", "Høy", "Haster"],
        Items =
        [
            Words("Nyhet", "Oppdatert nyhet", " fra {0}"),
            Words("Nytt varsel", "Oppdatert varsel", " fra {0}"),
            Words("Nytt sikkerhetsråd", "Oppdatert sikkerhetsråd", " fra {0}"),
            Words("Ny veiledning", "Oppdatert veiledning", " fra {0}"),
            Words("Ny side", "Oppdatert side", " hos {0}"),
        ],
        PageEventNames = ["Siden er endret", "Siden er fjernet", "Siden er flyttet"],
        PageEventHeadings = Formats("Endret side hos {0}", "Fjernet side hos {0}", "Flyttet side hos {0}"),
        UrgentSubjectPrefix = "HASTER: ",
        HighSubjectPrefix = "Viktig: ",
        EscalationSubjectPrefix = CompositeFormat.Parse("Ikke bekreftet etter {0} – "),
        EscalationParagraph = CompositeFormat.Parse("Ingen i {0} har bekreftet dette hastevarselet innen {1}. Du får det fordi du er koordinator for {0}; sørg for at noen følger det opp."),
        SourceLabel = "Kilde",
        KindLabel = "Type",
        SeverityLabel = "Alvorlighet",
        TopicsLabel = "Emner",
        DetectedLabel = "Oppdaget",
        ReadMore = "Les mer",
        WhatChanged = "Hva er endret",
        TitleWas = "Tittel før",
        TitleNow = "Tittel nå",
        Acknowledge = "Bekreft at dere har sett varselet",
        Unsubscribe = "Avslutt abonnement",
        WhyYouGetThis = CompositeFormat.Parse("Du får denne e-posten fordi {0} følger kilder og emner i AdvisoryWatch."),
        DigestHeading = CompositeFormat.Parse("Oversikt for {0}"),
        NoChanges = "Ingen endringer i perioden.",
        FollowUpsHeading = "Åpen oppfølging",
        FollowUpToAssess = "Skal vurderes",
        FollowUpActionNeeded = "Tiltak trengs",
        OwnerLabel = "Ansvarlig",
        DueLabel = "Frist",
        ChangesOne = CompositeFormat.Parse("{0} endring"),
        ChangesMany = CompositeFormat.Parse("{0} endringer"),
        MoreLinesOne = CompositeFormat.Parse("… {0} linje til er endret"),
        MoreLinesMany = CompositeFormat.Parse("… {0} linjer til er endret"),
        MinutesOne = CompositeFormat.Parse("{0} minutt"),
        MinutesMany = CompositeFormat.Parse("{0} minutter"),
        HoursOne = CompositeFormat.Parse("{0} time"),
        HoursMany = CompositeFormat.Parse("{0} timer"),
        DaysOne = CompositeFormat.Parse("{0} døgn"),
        DaysMany = CompositeFormat.Parse("{0} døgn"),
        And = " og ",
    };

    public static readonly MessageTexts Swedish = new()
    {
        Language = "sv",
        Culture = CultureInfo.GetCultureInfo("sv-SE"),
        DateTimeFormat = "d MMMM yyyy 'kl.' HH:mm",
        ShortDateFormat = "yyyy-MM-dd",
        SeverityNames = ["Låg", "Normal", "Hög", "Brådskande"],
        Items =
        [
            Words("Nyhet", "Uppdaterad nyhet", " från {0}"),
            Words("Ny varning", "Uppdaterad varning", " från {0}"),
            Words("Nytt säkerhetsmeddelande", "Uppdaterat säkerhetsmeddelande", " från {0}"),
            Words("Ny vägledning", "Uppdaterad vägledning", " från {0}"),
            Words("Ny sida", "Uppdaterad sida", " hos {0}"),
        ],
        PageEventNames = ["Sidan har ändrats", "Sidan har tagits bort", "Sidan har flyttats"],
        PageEventHeadings = Formats("Ändrad sida hos {0}", "Borttagen sida hos {0}", "Flyttad sida hos {0}"),
        UrgentSubjectPrefix = "BRÅDSKANDE: ",
        HighSubjectPrefix = "Viktigt: ",
        EscalationSubjectPrefix = CompositeFormat.Parse("Inte bekräftad efter {0} – "),
        EscalationParagraph = CompositeFormat.Parse("Ingen på {0} har bekräftat den här brådskande varningen inom {1}. Du får den eftersom du är samordnare för {0}; se till att någon följer upp den."),
        SourceLabel = "Källa",
        KindLabel = "Typ",
        SeverityLabel = "Allvarlighetsgrad",
        TopicsLabel = "Ämnen",
        DetectedLabel = "Upptäckt",
        ReadMore = "Läs mer",
        WhatChanged = "Vad har ändrats",
        TitleWas = "Rubrik före",
        TitleNow = "Rubrik nu",
        Acknowledge = "Bekräfta att ni har sett varningen",
        Unsubscribe = "Avsluta prenumeration",
        WhyYouGetThis = CompositeFormat.Parse("Du får det här meddelandet eftersom {0} följer källor och ämnen i AdvisoryWatch."),
        DigestHeading = CompositeFormat.Parse("Sammanställning för {0}"),
        NoChanges = "Inga ändringar under perioden.",
        FollowUpsHeading = "Öppen uppföljning",
        FollowUpToAssess = "Ska bedömas",
        FollowUpActionNeeded = "Åtgärd behövs",
        OwnerLabel = "Ansvarig",
        DueLabel = "Senast",
        ChangesOne = CompositeFormat.Parse("{0} ändring"),
        ChangesMany = CompositeFormat.Parse("{0} ändringar"),
        MoreLinesOne = CompositeFormat.Parse("… {0} rad till har ändrats"),
        MoreLinesMany = CompositeFormat.Parse("… {0} rader till har ändrats"),
        MinutesOne = CompositeFormat.Parse("{0} minut"),
        MinutesMany = CompositeFormat.Parse("{0} minuter"),
        HoursOne = CompositeFormat.Parse("{0} timme"),
        HoursMany = CompositeFormat.Parse("{0} timmar"),
        DaysOne = CompositeFormat.Parse("{0} dygn"),
        DaysMany = CompositeFormat.Parse("{0} dygn"),
        And = " och ",
    };

    public static readonly MessageTexts English = new()
    {
        Language = "en",
        Culture = CultureInfo.GetCultureInfo("en-GB"),
        DateTimeFormat = "d MMMM yyyy, HH:mm",
        ShortDateFormat = "d MMM yyyy",
        SeverityNames = ["Low", "Normal", "High", "Urgent"],
        Items =
        [
            Words("News", "Updated news", " from {0}"),
            Words("New warning", "Updated warning", " from {0}"),
            Words("New advisory", "Updated advisory", " from {0}"),
            Words("New guidance", "Updated guidance", " from {0}"),
            Words("New page", "Updated page", " at {0}"),
        ],
        PageEventNames = ["Page changed", "Page removed", "Page moved"],
        PageEventHeadings = Formats("Changed page at {0}", "Removed page at {0}", "Moved page at {0}"),
        UrgentSubjectPrefix = "URGENT: ",
        HighSubjectPrefix = "Important: ",
        EscalationSubjectPrefix = CompositeFormat.Parse("Not acknowledged after {0} – "),
        EscalationParagraph = CompositeFormat.Parse("No one in {0} acknowledged this urgent alert within {1}. You receive it as the coordinator for {0}; please make sure someone follows it up."),
        SourceLabel = "Source",
        KindLabel = "Change",
        SeverityLabel = "Severity",
        TopicsLabel = "Topics",
        DetectedLabel = "Detected",
        ReadMore = "Read more",
        WhatChanged = "What changed",
        TitleWas = "Title was",
        TitleNow = "Title now",
        Acknowledge = "Confirm that you have seen this alert",
        Unsubscribe = "Unsubscribe",
        WhyYouGetThis = CompositeFormat.Parse("You receive this because {0} follows sources and topics in AdvisoryWatch."),
        DigestHeading = CompositeFormat.Parse("Digest for {0}"),
        NoChanges = "No changes in this period.",
        FollowUpsHeading = "Open follow-up",
        FollowUpToAssess = "To assess",
        FollowUpActionNeeded = "Action needed",
        OwnerLabel = "Owner",
        DueLabel = "Due",
        ChangesOne = CompositeFormat.Parse("{0} change"),
        ChangesMany = CompositeFormat.Parse("{0} changes"),
        MoreLinesOne = CompositeFormat.Parse("… {0} more line changed"),
        MoreLinesMany = CompositeFormat.Parse("… {0} more lines changed"),
        MinutesOne = CompositeFormat.Parse("{0} minute"),
        MinutesMany = CompositeFormat.Parse("{0} minutes"),
        HoursOne = CompositeFormat.Parse("{0} hour"),
        HoursMany = CompositeFormat.Parse("{0} hours"),
        DaysOne = CompositeFormat.Parse("{0} day"),
        DaysMany = CompositeFormat.Parse("{0} days"),
        And = " and ",
    };

    /// <summary>nb (also no and nn, which read Bokmål), sv, else en; "nb-NO" and "sv_SE" count too.</summary>
    public static MessageTexts For(string? language)
    {
        var span = language.AsSpan().Trim();
        var cut = span.IndexOfAny('-', '_');
        var primary = cut >= 0 ? span[..cut] : span;
        if (primary.Equals("nb", StringComparison.OrdinalIgnoreCase) || primary.Equals("no", StringComparison.OrdinalIgnoreCase) || primary.Equals("nn", StringComparison.OrdinalIgnoreCase))
        {
            return Norwegian;
        }

        return primary.Equals("sv", StringComparison.OrdinalIgnoreCase) ? Swedish : English;
    }

    public string SeverityName(Severity severity) => SeverityNames[Math.Clamp((int)severity, 0, SeverityNames.Length - 1)];

    /// <summary>"Nytt varsel", "Oppdatert veiledning", "Siden er fjernet".</summary>
    public string KindName(ChangeKind kind, ItemKind item) => kind switch
    {
        ChangeKind.Published => WordsFor(item).New,
        ChangeKind.Updated => WordsFor(item).Updated,
        _ => PageEventNames[PageEvent(kind)],
    };

    /// <summary>"Nytt varsel fra {0}", "Endret side hos {0}"; {0} is the source.</summary>
    public CompositeFormat KindHeading(ChangeKind kind, ItemKind item) => kind switch
    {
        ChangeKind.Published => WordsFor(item).NewHeading,
        ChangeKind.Updated => WordsFor(item).UpdatedHeading,
        _ => PageEventHeadings[PageEvent(kind)],
    };

    private ItemWords WordsFor(ItemKind item) => Items[Math.Clamp((int)item, 0, Items.Length - 1)];

    private int PageEvent(ChangeKind kind) => Math.Clamp((int)kind - (int)ChangeKind.PageChanged, 0, PageEventNames.Length - 1);

    public string? SubjectPrefix(Severity severity) => severity switch
    {
        Severity.Urgent => UrgentSubjectPrefix,
        Severity.High => HighSubjectPrefix,
        _ => null,
    };

    public void AppendChanges(StringBuilder builder, int count) =>
        builder.AppendFormat(Culture, count == 1 ? ChangesOne : ChangesMany, count);

    public void AppendMoreLines(StringBuilder builder, int count) =>
        builder.AppendFormat(Culture, count == 1 ? MoreLinesOne : MoreLinesMany, count);

    /// <summary>"2 timer og 30 minutter": whole days, else hours and minutes, never "0 minutes".</summary>
    public string Humanise(TimeSpan span)
    {
        var builder = new StringBuilder(32);
        var minutes = Math.Max(1L, (long)Math.Round(span.TotalMinutes, MidpointRounding.AwayFromZero));
        if (minutes >= 24 * 60 && minutes % (24 * 60) == 0)
        {
            var days = minutes / (24 * 60);
            builder.AppendFormat(Culture, days == 1 ? DaysOne : DaysMany, days);
        }
        else if (minutes >= 60)
        {
            var hours = minutes / 60;
            builder.AppendFormat(Culture, hours == 1 ? HoursOne : HoursMany, hours);
            if (minutes % 60 is var rest and > 0)
            {
                builder.Append(And).AppendFormat(Culture, rest == 1 ? MinutesOne : MinutesMany, rest);
            }
        }
        else
        {
            builder.AppendFormat(Culture, minutes == 1 ? MinutesOne : MinutesMany, minutes);
        }

        return builder.ToString();
    }

    private static CompositeFormat[] Formats(params string[] formats) => Array.ConvertAll(formats, CompositeFormat.Parse);

    /// <param name="fromSource">" fra {0}": what follows the words in a heading; {0} is the source.</param>
    private static ItemWords Words(string @new, string updated, string fromSource) =>
        new(@new, updated, CompositeFormat.Parse(@new + fromSource), CompositeFormat.Parse(updated + fromSource));

    /// <summary>How one kind of item is named when new and when updated, alone and as a heading.</summary>
    internal sealed record ItemWords(string New, string Updated, CompositeFormat NewHeading, CompositeFormat UpdatedHeading);
}
