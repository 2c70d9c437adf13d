using System.Globalization;
using System.Text;
using AdvisoryWatch.Contracts;
using AdvisoryWatch.Notifications.Rendering;
using AdvisoryWatch.Sources;

namespace AdvisoryWatch.Tests.Notifications;

/// <summary>
/// Every kind of message, in every language, with hostile source text, compared byte for byte with
/// the reviewed outputs in <c>Golden/</c>: a change to a template or to the renderer shows up here as
/// a diff to read. After a deliberate change, rewrite the files with
/// <c>ADVISORYWATCH_UPDATE_GOLDEN=1</c> and review the diff before committing.
/// </summary>
public sealed class GoldenMessageTests
{
    private static readonly TimeZoneInfo Oslo = TimeZoneInfo.FindSystemTimeZoneById("Europe/Oslo");
    private static readonly TimeZoneInfo Stockholm = TimeZoneInfo.FindSystemTimeZoneById("Europe/Stockholm");
    private static readonly DateTimeOffset Start = new(2026, 11, 15, 23, 0, 0, TimeSpan.Zero);
    private static readonly Uri Unsubscribe = new("https://aw.example/unsubscribe/xyz?a=1&b=2");

    private static readonly string[] Sources = ["NSM", "CERT-SE", "Datatilsynet", "IMY", "EDPB", "Justis- og beredskapsdepartementet"];
    private static readonly string[] Topics = ["Løsepengevirus", "Sårbarheter", "Personvern", "Skytjenester", "Phishing <i>"];
    private static readonly string[] Words =
    [
        "sikkerhet", "sårbarhet", "oppdatering", "veiledning", "åtgärd", "<b>", "&", "\"sitat\"", "it's", "kritisk", "a+b", "\u00A0nbsp",
        "e\u0301", "👩‍💻", "\u202Egnp.exe", "line\u2028sep", "tab\there", "cr\r\nlf", "Bcc:", "\uD800lone", "中文", "Ελληνικά", "<script>alert(1)</script>",
    ];

    public static TheoryData<string> Names => new(Cases().Select(c => c.Name));

    [Theory]
    [MemberData(nameof(Names))]
    public void A_message_renders_exactly_as_its_reviewed_golden_file(string name)
    {
        var renderer = new MessageRenderer();
        var (_, render) = Cases().Single(c => c.Name == name);
        var actual = render(renderer);
        var path = Path.Combine(TestPaths.RepoRoot, "tests", "AdvisoryWatch.Tests", "Notifications", "Golden", name);
        if (Environment.GetEnvironmentVariable("ADVISORYWATCH_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(path, actual, new UTF8Encoding(false));
        }

        Assert.True(File.Exists(path), "missing golden file " + path);
        Assert.Equal(File.ReadAllText(path, Encoding.UTF8), actual);
    }

    private static IEnumerable<(string Name, Func<MessageRenderer, string> Render)> Cases()
    {
        foreach (var language in new[] { "nb", "sv", "en" })
        {
            var zone = language == "sv" ? Stockholm : Oslo;
            var random = new Random(language[0]);
            var items = Enumerable.Range(0, 24).Select(i => CreateItem(random, i)).ToArray();
            var digest = new DigestModel(language, zone, "IT-avdelingen <drift> & \"sikkerhet\"", Start, Start.AddDays(7), items, Unsubscribe);
            yield return ($"digest-{language}.txt", r => Text(r.RenderDigest(digest)));
            yield return ($"digest-{language}.html", r => r.RenderDigest(digest).HtmlBody);

            // The department's open follow-ups after the changes: hostile titles, a link that is not http, a line break in the owner.
            var followingUp = digest with
            {
                Items = items[..2],
                FollowUps =
                [
                    new FollowUpLine("Råd om <b>TikTok</b> & \"Telegram\"", new Uri("https://nsm.example/rad?a=1&b=2"), ActionNeeded: true, "Kari\r\nBcc: x@evil.example", new DateOnly(2026, 12, 24)),
                    new FollowUpLine("<script>alert(1)</script>", new Uri("javascript:alert(1)"), ActionNeeded: false, null, null),
                    new FollowUpLine("Ny veiledning", null, ActionNeeded: false, "Ola", null),
                ],
            };
            yield return ($"digest-follow-up-{language}.txt", r => Text(r.RenderDigest(followingUp)));
            yield return ($"digest-follow-up-{language}.html", r => r.RenderDigest(followingUp).HtmlBody);

            var empty = digest with { Items = [], PeriodEndUtc = Start.AddDays(1) };
            yield return ($"digest-empty-{language}.txt", r => Text(r.RenderDigest(empty)));
            yield return ($"digest-empty-{language}.html", r => r.RenderDigest(empty).HtmlBody);

            foreach (var (kind, index) in new[] { ("published", 0), ("updated", 1), ("page", 2), ("retitled", 3), ("bare", 4) })
            {
                var item = AlertItemFor(random, index);
                var alert = new AlertModel(language, zone, "IT-avdelingen", item, index == 4 ? null : Unsubscribe);
                yield return ($"alert-{kind}-{language}.txt", r => Text(r.RenderAlert(alert)));
                yield return ($"alert-{kind}-{language}.html", r => r.RenderAlert(alert).HtmlBody);
                yield return ($"teams-{kind}-{language}.txt", r => Teams(r, alert));
            }

            var escalation = new AlertModel(language, zone, "IT-avdelingen", AlertItemFor(random, 1), Unsubscribe, TimeSpan.FromMinutes(150));
            yield return ($"escalation-{language}.txt", r => Text(r.RenderAlert(escalation)));
            yield return ($"escalation-{language}.html", r => r.RenderAlert(escalation).HtmlBody);
            yield return ($"teams-escalation-{language}.txt", r => Teams(r, escalation));
        }
    }

    private static string Text(RenderedMessage message) => "Subject: " + message.Subject + "\n\n" + message.TextBody;

    private static string Teams(MessageRenderer renderer, AlertModel alert)
    {
        var message = renderer.RenderTeams(alert);
        var builder = new StringBuilder();
        builder.Append("Title: ").Append(message.Title).Append('\n')
            .Append("Link: ").Append(message.Link?.AbsoluteUri).Append(" (").Append(message.LinkText).Append(")\n")
            .Append("Severity: ").Append(message.Severity).Append('\n');
        foreach (var fact in message.Facts)
        {
            builder.Append("Fact: ").Append(fact.Key).Append(" = ").Append(fact.Value).Append('\n');
        }

        return builder.Append('\n').Append(message.Text).Append('\n').ToString();
    }

    /// <summary>The five alert shapes: new with acknowledge link, update with diff, changed page, retitled update, and one with nothing optional.</summary>
    private static AlertItem AlertItemFor(Random random, int shape) => shape switch
    {
        0 => new AlertItem(Guid.Empty, ChangeKind.Published, "NSM NCSC", Sentence(random, 8), new Uri("https://nsm.example/varsler/1?x=1&y=<2>"), Sentence(random, 80),
            Severity.Urgent, ["Sårbarheter", "Skytjenester"], null, Start.AddHours(5), new Uri("https://aw.example/ack/abc"), ItemKind.Warning),
        1 => new AlertItem(Guid.Empty, ChangeKind.Updated, "CERT-SE", Sentence(random, 8), new Uri("https://cert.example/a/2"), Sentence(random, 30),
            Severity.Urgent, ["Phishing <i>"], Diff(random, 60), Start.AddDays(2), new Uri("https://aw.example/ack/def"), ItemKind.Advisory),
        2 => new AlertItem(Guid.Empty, ChangeKind.PageChanged, "Datatilsynet", Sentence(random, 5), new Uri("https://dt.example/side"), null,
            Severity.High, [], Diff(random, 3), Start.AddDays(3), null, ItemKind.Page),
        3 => new AlertItem(Guid.Empty, ChangeKind.Updated, "IMY", Sentence(random, 6), new Uri("https://imy.example/v/3"), Sentence(random, 10),
            Severity.Normal, ["Personvern"], Diff(random, 2), Start.AddDays(4), null, ItemKind.Guidance, Sentence(random, 6)),
        _ => new AlertItem(Guid.Empty, ChangeKind.PageGone, "EDPB\r\nX-Evil: 1", Sentence(random, 4), new Uri("javascript:alert(1)"), "   ",
            Severity.Low, [], null, Start.AddDays(5), new Uri("data:text/html,x"), ItemKind.News),
    };

    private static AlertItem CreateItem(Random random, int index)
    {
        var severity = (Severity)random.Next(4);
        var kind = (ChangeKind)random.Next(5);
        var diff = kind is ChangeKind.Updated or ChangeKind.PageChanged && random.Next(3) > 0 ? Diff(random, random.Next(1, 20)) : null;
        var previous = kind == ChangeKind.Updated && random.Next(3) == 0 ? Sentence(random, 5) : null;
        var url = random.Next(8) == 0 ? null : new Uri("https://source.example/" + index.ToString(CultureInfo.InvariantCulture) + "?q=\"x\"&r=1");
        return new AlertItem(Guid.Empty, kind, Sources[random.Next(Sources.Length)], Sentence(random, random.Next(3, 14)), url,
            random.Next(5) == 0 ? null : Sentence(random, random.Next(5, 90)), severity,
            Enumerable.Range(0, random.Next(0, 3)).Select(_ => Topics[random.Next(Topics.Length)]).Distinct().ToArray(),
            diff, Start.AddMinutes(random.Next(7 * 24 * 60)), severity == Severity.Urgent ? new Uri("https://aw.example/ack/" + index.ToString(CultureInfo.InvariantCulture)) : null,
            (ItemKind)random.Next(5), previous);
    }

    private static string Diff(Random random, int changed)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < changed; i++)
        {
            if (random.Next(4) == 0)
            {
                builder.Append("  ").Append(Sentence(random, random.Next(2, 10))).Append('\n');
            }

            if (random.Next(10) == 0)
            {
                builder.Append("…\n");
            }

            builder.Append(random.Next(2) == 0 ? "+ " : "- ").Append(Sentence(random, random.Next(1, random.Next(10) == 0 ? 60 : 12))).Append('\n');
        }

        return builder.ToString();
    }

    private static string Sentence(Random random, int words)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < words; i++)
        {
            builder.Append(i == 0 ? string.Empty : " ").Append(Words[random.Next(Words.Length)]);
        }

        return builder.Append('.').ToString();
    }
}
