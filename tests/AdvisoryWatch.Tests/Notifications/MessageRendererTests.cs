using System.Globalization;
using AdvisoryWatch.Contracts;
using AdvisoryWatch.Notifications.Rendering;
using AdvisoryWatch.Sources;
using Microsoft.Extensions.DependencyInjection;

namespace AdvisoryWatch.Tests.Notifications;

public sealed class MessageRendererTests
{
    private static readonly TimeZoneInfo Oslo = TimeZoneInfo.FindSystemTimeZoneById("Europe/Oslo");
    private static readonly DateTimeOffset Summer = new(2026, 7, 1, 10, 0, 0, TimeSpan.Zero);
    private readonly MessageRenderer _renderer = new();

    private static AlertItem Item(
        string title = "Patch the VPN now",
        Severity severity = Severity.Urgent,
        ChangeKind kind = ChangeKind.Published,
        string source = "NSM",
        string? summary = "Vulnerable gateways are being exploited.",
        string? url = "https://nsm.no/advisories/1",
        string? diff = null,
        DateTimeOffset? detected = null,
        IReadOnlyList<string>? topics = null,
        ItemKind itemKind = ItemKind.Guidance,
        string? previousTitle = null) =>
        new(Guid.NewGuid(), kind, source, title, url is null ? null : new Uri(url), summary, severity, topics ?? ["Ransomware", "Sky"], diff,
            detected ?? Summer, severity == Severity.Urgent ? new Uri("https://aw.example/ack/abc") : null, itemKind, previousTitle);

    private static AlertModel Alert(AlertItem item, string language = "nb", TimeSpan? escalatedAfter = null) =>
        new(language, Oslo, "IT-avdelingen", item, new Uri("https://aw.example/unsubscribe/xyz"), escalatedAfter);

    private static DigestModel Digest(IReadOnlyList<AlertItem> items, string language = "nb", DateTimeOffset? start = null, DateTimeOffset? end = null) =>
        new(language, Oslo, "IT-avdelingen", start ?? new DateTimeOffset(2026, 11, 15, 23, 0, 0, TimeSpan.Zero),
            end ?? new DateTimeOffset(2026, 11, 22, 23, 0, 0, TimeSpan.Zero), items, new Uri("https://aw.example/unsubscribe/xyz"));

    private static string Diff(int changed, int contextBetween = 0)
    {
        var lines = new List<string>();
        for (var i = 0; i < changed; i++)
        {
            lines.Add((i % 2 == 0 ? "+ " : "- ") + "line " + i.ToString(CultureInfo.InvariantCulture));
            for (var c = 0; c < contextBetween; c++)
            {
                lines.Add("  context " + i.ToString(CultureInfo.InvariantCulture) + "." + c.ToString(CultureInfo.InvariantCulture));
            }
        }

        return string.Join('\n', lines) + "\n";
    }

    private static int ChangedLines(string body) =>
        body.Split('\n').Count(l => l.TrimStart().StartsWith("+ ", StringComparison.Ordinal) || l.TrimStart().StartsWith("- ", StringComparison.Ordinal));

    [Fact]
    public void A_norwegian_alert_reads_in_bokmal_from_subject_to_footer()
    {
        var message = _renderer.RenderAlert(Alert(Item()));

        Assert.Equal("[AdvisoryWatch] HASTER: NSM: Patch the VPN now", message.Subject);
        foreach (var body in new[] { message.TextBody, message.HtmlBody })
        {
            Assert.Contains("Ny veiledning fra NSM", body, StringComparison.Ordinal);
            Assert.Contains("Emner", body, StringComparison.Ordinal);
            Assert.Contains("Bekreft at dere har sett varselet", body, StringComparison.Ordinal);
            Assert.Contains("Avslutt abonnement", body, StringComparison.Ordinal);
            Assert.Contains("fordi IT-avdelingen følger", body, StringComparison.Ordinal);
        }

        Assert.Contains("Alvorlighet: Haster", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("Kilde: NSM", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("Les mer: https://nsm.no/advisories/1", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"nb\">", message.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public void A_swedish_update_reads_in_swedish_and_shows_what_changed()
    {
        var message = _renderer.RenderAlert(Alert(Item(source: "IMY", kind: ChangeKind.Updated, diff: "- gammal\n+ ny\n", topics: ["Personuppgifter"]), "sv"));

        Assert.Equal("[AdvisoryWatch] BRÅDSKANDE: IMY: Patch the VPN now", message.Subject);
        Assert.Contains("Uppdaterad vägledning från IMY", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("Allvarlighetsgrad: Brådskande", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("Ämnen: Personuppgifter", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("Vad har ändrats:\n- gammal\n+ ny\n", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("Bekräfta att ni har sett varningen", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("Avsluta prenumeration", message.HtmlBody, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en")]
    [InlineData("de")]
    [InlineData("")]
    public void Any_language_but_norwegian_and_swedish_reads_in_english(string language)
    {
        var message = _renderer.RenderAlert(Alert(Item(severity: Severity.High, kind: ChangeKind.PageChanged, diff: "+ x\n"), language));

        Assert.Equal("[AdvisoryWatch] Important: NSM: Patch the VPN now", message.Subject);
        Assert.Contains("Changed page at NSM", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("Severity: High", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("What changed", message.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("You receive this because IT-avdelingen follows", message.TextBody, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Severity.Normal)]
    [InlineData(Severity.Low)]
    public void Normal_and_low_alerts_have_no_severity_prefix(Severity severity) =>
        Assert.Equal("[AdvisoryWatch] NSM: Patch the VPN now", _renderer.RenderAlert(Alert(Item(severity: severity))).Subject);

    [Fact]
    public void A_page_kind_is_named_as_a_municipal_reader_expects()
    {
        Assert.Contains("Type: Siden er fjernet", _renderer.RenderAlert(Alert(Item(kind: ChangeKind.PageGone))).TextBody, StringComparison.Ordinal);
        Assert.Contains("Type: Siden er flyttet", _renderer.RenderAlert(Alert(Item(kind: ChangeKind.PageMoved))).TextBody, StringComparison.Ordinal);
        Assert.Contains("Typ: Sidan har ändrats", _renderer.RenderAlert(Alert(Item(kind: ChangeKind.PageChanged), "sv")).TextBody, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ItemKind.Warning, ChangeKind.Published, "nb", "Nytt varsel fra CERT", "Type: Nytt varsel")]
    [InlineData(ItemKind.Warning, ChangeKind.Updated, "nb", "Oppdatert varsel fra CERT", "Type: Oppdatert varsel")]
    [InlineData(ItemKind.Advisory, ChangeKind.Published, "nb", "Nytt sikkerhetsråd fra CERT", "Type: Nytt sikkerhetsråd")]
    [InlineData(ItemKind.News, ChangeKind.Published, "nb", "Nyhet fra CERT", "Type: Nyhet")]
    [InlineData(ItemKind.Page, ChangeKind.Published, "nb", "Ny side hos CERT", "Type: Ny side")]
    [InlineData(ItemKind.Warning, ChangeKind.Published, "sv", "Ny varning från CERT", "Typ: Ny varning")]
    [InlineData(ItemKind.Advisory, ChangeKind.Published, "sv", "Nytt säkerhetsmeddelande från CERT", "Typ: Nytt säkerhetsmeddelande")]
    [InlineData(ItemKind.News, ChangeKind.Updated, "sv", "Uppdaterad nyhet från CERT", "Typ: Uppdaterad nyhet")]
    [InlineData(ItemKind.Advisory, ChangeKind.Published, "en", "New advisory from CERT", "Change: New advisory")]
    [InlineData(ItemKind.News, ChangeKind.Published, "en", "News from CERT", "Change: News")]
    [InlineData(ItemKind.Warning, ChangeKind.PageGone, "en", "Removed page at CERT", "Change: Page removed")]
    public void An_alert_names_the_item_as_its_source_declares_it(ItemKind itemKind, ChangeKind kind, string language, string heading, string fact)
    {
        var item = Item(source: "CERT", kind: kind, itemKind: itemKind, diff: "+ x\n");
        var alert = _renderer.RenderAlert(Alert(item, language));
        var digest = _renderer.RenderDigest(Digest([item], language));
        var teams = _renderer.RenderTeams(Alert(item, language));

        Assert.StartsWith(heading + "\n", alert.TextBody, StringComparison.Ordinal);
        Assert.Contains(heading + "</p>", alert.HtmlBody, StringComparison.Ordinal);
        Assert.Contains(fact + "\n", alert.TextBody, StringComparison.Ordinal);
        Assert.Contains("\n  " + fact[(fact.IndexOf(": ", StringComparison.Ordinal) + 2)..] + " · ", digest.TextBody, StringComparison.Ordinal);
        Assert.StartsWith(heading, teams.Text, StringComparison.Ordinal);
        foreach (var body in new[] { alert.TextBody, alert.HtmlBody, digest.TextBody, teams.Text })
        {
            Assert.DoesNotContain("eiledning", body, StringComparison.Ordinal);
            Assert.DoesNotContain("ägledning", body, StringComparison.Ordinal);
            Assert.DoesNotContain("uidance", body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_title_only_update_shows_the_old_and_the_new_title()
    {
        var item = Item(kind: ChangeKind.Updated, title: "Oppdater VPN-en nå", previousTitle: "Oppdater VPN-en innen fredag", diff: null);
        var alert = _renderer.RenderAlert(Alert(item));
        var digest = _renderer.RenderDigest(Digest([item]));
        var teams = _renderer.RenderTeams(Alert(item));

        Assert.Contains("Hva er endret:\nTittel før: Oppdater VPN-en innen fredag\nTittel nå: Oppdater VPN-en nå\n", alert.TextBody, StringComparison.Ordinal);
        Assert.Contains("Hva er endret</h2>", alert.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("Tittel før: Oppdater VPN-en innen fredag</span>", alert.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("Tittel nå: Oppdater VPN-en nå</span>", alert.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("\n  Tittel før: Oppdater VPN-en innen fredag\n  Tittel nå: Oppdater VPN-en nå\n", digest.TextBody, StringComparison.Ordinal);
        Assert.Contains("Tittel før: Oppdater VPN-en innen fredag</span>", digest.HtmlBody, StringComparison.Ordinal);
        Assert.Contains(teams.Facts, f => f.Key == "Tittel før" && f.Value == "Oppdater VPN-en innen fredag");

        var english = _renderer.RenderAlert(Alert(item with { Diff = "- old line\n+ new line\n" }, "en"));
        Assert.Contains("What changed:\nTitle was: Oppdater VPN-en innen fredag\nTitle now: Oppdater VPN-en nå\n- old line\n+ new line\n", english.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public void A_hostile_previous_title_is_one_encoded_line()
    {
        var item = Item(kind: ChangeKind.Updated, previousTitle: "<script>x</script>\r\nBcc: a@b");
        var alert = _renderer.RenderAlert(Alert(item));

        Assert.DoesNotContain("<script>", alert.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain("\r\nBcc", alert.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public void A_hostile_title_cannot_add_a_header_line_to_the_subject()
    {
        var item = Item(title: "Patch\r\nBcc: victim@example.org\u2028Next\u2029Para\u0085Nel\tTab\u000BVt\u202Egnp.exe", source: "NSM\r\nX-Evil: 1");
        var subject = _renderer.RenderAlert(Alert(item)).Subject;

        Assert.DoesNotContain(subject, c => char.IsControl(c) || c is '\u2028' or '\u2029' or '\u0085' or '\u202E');
        Assert.Equal("[AdvisoryWatch] HASTER: NSM X-Evil: 1: Patch Bcc: victim@example.org Next Para Nel Tab Vtgnp.exe", subject);
        Assert.DoesNotContain('\n', _renderer.RenderTeams(Alert(item)).Title);
    }

    [Fact]
    public void A_long_title_is_cut_on_a_grapheme_boundary_with_an_ellipsis()
    {
        // "e" + combining acute is one grapheme of two chars; cutting between them would leave a bare accent.
        var title = string.Concat(Enumerable.Repeat("e\u0301", 200));
        var subject = _renderer.RenderAlert(Alert(Item(title: title, severity: Severity.Normal))).Subject;

        Assert.True(subject.Length <= MessageRenderer.SubjectMaxLength, subject.Length.ToString(CultureInfo.InvariantCulture));
        Assert.EndsWith("e\u0301…", subject, StringComparison.Ordinal);
        Assert.StartsWith("[AdvisoryWatch] NSM: e\u0301", subject, StringComparison.Ordinal);
    }

    [Fact]
    public void Markup_in_title_and_summary_is_encoded_in_html()
    {
        var item = Item(title: "<script>alert('t')</script>", summary: "<img src=x onerror=alert(1)> & \"quoted\"");
        var message = _renderer.RenderAlert(Alert(item));

        Assert.DoesNotContain("<script", message.HtmlBody, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", message.HtmlBody, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert(&#x27;t&#x27;)&lt;/script&gt;", message.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt; &amp; &quot;quoted&quot;", message.HtmlBody, StringComparison.Ordinal);

        var digest = _renderer.RenderDigest(Digest([item]));
        Assert.DoesNotContain("<script", digest.HtmlBody, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", digest.HtmlBody, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("javascript:alert(document.cookie)")]
    [InlineData("data:text/html;base64,PHNjcmlwdD4=")]
    [InlineData("file:///etc/passwd")]
    public void A_link_that_is_not_http_or_https_is_never_rendered(string url)
    {
        var item = Item(url: url);
        var message = _renderer.RenderAlert(Alert(item));
        var scheme = url[..url.IndexOf(':', StringComparison.Ordinal)];

        Assert.DoesNotContain(scheme + ":", message.HtmlBody, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(scheme + ":", message.TextBody, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Patch the VPN now</h1>", message.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain(scheme + ":", _renderer.RenderDigest(Digest([item])).HtmlBody, StringComparison.OrdinalIgnoreCase);
        Assert.Null(_renderer.RenderTeams(Alert(item)).Link);
    }

    [Fact]
    public void Html_links_are_noopener_and_the_message_loads_nothing_remote()
    {
        var html = _renderer.RenderDigest(Digest([Item(), Item(kind: ChangeKind.PageChanged, diff: Diff(20))])).HtmlBody;

        var anchors = html.Split("<a ").Length - 1;
        Assert.True(anchors >= 3);
        Assert.Equal(anchors, html.Split("rel=\"noopener noreferrer\"").Length - 1);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<style", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("url(", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("src=", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_long_diff_is_cut_to_thirty_lines_and_counts_the_changed_lines_left_out()
    {
        const int Changed = 100;
        var text = _renderer.RenderAlert(Alert(Item(kind: ChangeKind.Updated, diff: Diff(Changed)))).TextBody;
        var section = text[(text.IndexOf("Hva er endret:\n", StringComparison.Ordinal) + 15)..];
        var lines = section[..section.IndexOf("\n\n", StringComparison.Ordinal)].Split('\n');

        var shown = ChangedLines(section[..section.IndexOf("\n\n", StringComparison.Ordinal)]);
        Assert.Equal(MessageRenderer.AlertDiffLines, lines.Length - 1);
        Assert.Equal($"… {Changed - shown} linjer til er endret", lines[^1]);
    }

    [Fact]
    public void A_diff_of_long_lines_stays_within_the_character_budget()
    {
        var diff = string.Concat(Enumerable.Range(0, 40).Select(i => "+ " + new string((char)('a' + (i % 26)), 400) + "\n"));
        var lines = new List<DiffLine>();
        var more = DiffShortener.Shorten(diff, MessageRenderer.AlertDiffLines, MessageRenderer.AlertDiffChars, lines);

        Assert.True(lines.Sum(l => l.Length + 1) <= MessageRenderer.AlertDiffChars);
        Assert.Equal(40, lines.Count + more);
        Assert.True(more > 0);
    }

    [Fact]
    public void A_change_keeps_one_line_of_context_on_each_side_and_marks_the_gaps()
    {
        const string Diff = "  a\n  b\n  c\n+ d\n  e\n  f\n  g\n  h\n- i\n  j\n";
        var lines = new List<DiffLine>();
        var more = DiffShortener.Shorten(Diff, 30, 3000, lines);

        Assert.Equal(0, more);
        Assert.Equal(["  c", "+ d", "  e", "…", "  h", "- i", "  j"], lines.Select(l => l.Kind == DiffLineKind.Gap ? "…" : Diff.Substring(l.Start, l.Length)));
    }

    [Fact]
    public void A_digest_diff_shows_at_most_eight_lines()
    {
        var text = _renderer.RenderDigest(Digest([Item(kind: ChangeKind.PageChanged, diff: Diff(50, contextBetween: 3))])).TextBody;
        var diffLines = text.Split('\n').Where(l => l.StartsWith("  + ", StringComparison.Ordinal) || l.StartsWith("  - ", StringComparison.Ordinal)
            || l.StartsWith("    context", StringComparison.Ordinal) || l == "  …").ToList();

        Assert.InRange(diffLines.Count, 1, MessageRenderer.DigestDiffLines);
        Assert.Contains($"  … {50 - ChangedLines(string.Join('\n', diffLines))} linjer til er endret", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Times_are_shown_in_the_departments_zone_with_summer_time()
    {
        var summer = _renderer.RenderAlert(Alert(Item(detected: new DateTimeOffset(2026, 7, 1, 10, 0, 0, TimeSpan.Zero)))).TextBody;
        var winter = _renderer.RenderAlert(Alert(Item(detected: new DateTimeOffset(2026, 1, 15, 10, 0, 0, TimeSpan.Zero)), "sv")).TextBody;
        var english = _renderer.RenderAlert(Alert(Item(detected: new DateTimeOffset(2026, 7, 1, 22, 30, 0, TimeSpan.Zero)), "en")).TextBody;

        Assert.Contains("Oppdaget: 1. juli 2026 kl. 12:00", summer, StringComparison.Ordinal);
        Assert.Contains("Upptäckt: 15 januari 2026 kl. 11:00", winter, StringComparison.Ordinal);
        Assert.Contains("Detected: 2 July 2026, 00:30", english, StringComparison.Ordinal);
    }

    [Fact]
    public void A_digest_puts_the_most_severe_first_then_groups_by_source()
    {
        var items = new[]
        {
            Item(title: "normal-nsm", severity: Severity.Normal, source: "NSM"),
            Item(title: "urgent-nsm", severity: Severity.Urgent, source: "NSM"),
            Item(title: "normal-datatilsynet", severity: Severity.Normal, source: "Datatilsynet"),
            Item(title: "low-imy", severity: Severity.Low, source: "IMY"),
            Item(title: "high-certse", severity: Severity.High, source: "CERT-SE"),
            Item(title: "normal-nsm-newer", severity: Severity.Normal, source: "NSM", detected: Summer.AddHours(1)),
        };
        var message = _renderer.RenderDigest(Digest(items));

        string[] expected = ["Alvorlighet: Haster", "urgent-nsm", "Alvorlighet: Høy", "high-certse", "Alvorlighet: Normal", "normal-datatilsynet", "normal-nsm-newer", "normal-nsm<", "Alvorlighet: Lav", "low-imy"];
        var positions = expected.Select(e => message.HtmlBody.IndexOf(e, StringComparison.Ordinal)).ToList();
        Assert.DoesNotContain(-1, positions);
        Assert.Equal(positions.Order(), positions);
        Assert.Equal(2, message.TextBody.Split("\nNSM\n").Length - 1);
    }

    [Fact]
    public void A_digest_subject_counts_changes_with_plural_forms_over_the_local_period()
    {
        var week = _renderer.RenderDigest(Digest([Item(), Item(), Item()]));
        var day = _renderer.RenderDigest(Digest([Item()], "sv", new DateTimeOffset(2026, 11, 22, 23, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 23, 23, 0, 0, TimeSpan.Zero)));
        var english = _renderer.RenderDigest(Digest([Item(), Item()], "en"));

        Assert.Equal("[AdvisoryWatch] IT-avdelingen: 3 endringer 16.11.2026–22.11.2026", week.Subject);
        Assert.Equal("[AdvisoryWatch] IT-avdelingen: 1 ändring 2026-11-23", day.Subject);
        Assert.Equal("[AdvisoryWatch] IT-avdelingen: 2 changes 16 Nov 2026–22 Nov 2026", english.Subject);
        Assert.StartsWith("Oversikt for IT-avdelingen\n3 endringer", week.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public void A_digest_summary_is_shortened_at_a_whole_word()
    {
        var summary = string.Join(' ', Enumerable.Repeat("veiledning", 100));
        var text = _renderer.RenderDigest(Digest([Item(summary: summary)])).TextBody;
        var line = text.Split('\n').Single(l => l.StartsWith("  veiledning", StringComparison.Ordinal));

        Assert.True(line.Length - 2 <= MessageRenderer.DigestSummaryMaxLength);
        Assert.True(line.Length - 2 > MessageRenderer.DigestSummaryMaxLength - 24);
        Assert.EndsWith(" veiledning…", line, StringComparison.Ordinal);
    }

    [Fact]
    public void An_escalation_says_nobody_acknowledged_it_and_for_how_long()
    {
        var message = _renderer.RenderAlert(Alert(Item(), escalatedAfter: TimeSpan.FromMinutes(150)));
        var swedish = _renderer.RenderAlert(Alert(Item(), "sv", TimeSpan.FromHours(1)));
        var english = _renderer.RenderAlert(Alert(Item(), "en", TimeSpan.FromDays(1)));

        Assert.Equal("[AdvisoryWatch] Ikke bekreftet etter 2 timer og 30 minutter – HASTER: NSM: Patch the VPN now", message.Subject);
        Assert.StartsWith("Ingen i IT-avdelingen har bekreftet dette hastevarselet innen 2 timer og 30 minutter.", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("Ingen i IT-avdelingen har bekreftet dette hastevarselet innen 2 timer og 30 minutter.", message.HtmlBody, StringComparison.Ordinal);
        Assert.StartsWith("Ingen på IT-avdelingen har bekräftat den här brådskande varningen inom 1 timme.", swedish.TextBody, StringComparison.Ordinal);
        Assert.StartsWith("[AdvisoryWatch] Not acknowledged after 1 day – URGENT:", english.Subject, StringComparison.Ordinal);
        Assert.DoesNotContain("bekreftet", _renderer.RenderAlert(Alert(Item())).TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public void A_teams_message_carries_the_facts_in_the_departments_language()
    {
        var item = Item(topics: ["Ransomware", "Sky"]);
        var teams = _renderer.RenderTeams(Alert(item, escalatedAfter: TimeSpan.FromHours(2)));

        Assert.Equal("Ikke bekreftet etter 2 timer – HASTER: NSM: Patch the VPN now", teams.Title);
        Assert.Equal(item.Url, teams.Link);
        Assert.Equal("Les mer", teams.LinkText);
        Assert.Equal(Severity.Urgent, teams.Severity);
        Assert.Equal(
            [new("Kilde", "NSM"), new("Type", "Ny veiledning"), new("Alvorlighet", "Haster"), new("Emner", "Ransomware, Sky"), new("Oppdaget", "1. juli 2026 kl. 12:00"), new("Bekreft at dere har sett varselet", "https://aw.example/ack/abc")],
            teams.Facts);
        Assert.StartsWith("Ingen i IT-avdelingen har bekreftet", teams.Text, StringComparison.Ordinal);
        Assert.Contains("Vulnerable gateways are being exploited.", teams.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_renderer_is_registered_once_as_a_singleton()
    {
        var services = new ServiceCollection().AddMessageRendering().AddMessageRendering();

        var descriptor = Assert.Single(services, s => s.ServiceType == typeof(MessageRenderer));
        Assert.Equal(ServiceLifetime.Singleton, descriptor.Lifetime);
    }
}
