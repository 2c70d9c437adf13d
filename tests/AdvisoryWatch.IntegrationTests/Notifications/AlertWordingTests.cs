using System.Text;

namespace AdvisoryWatch.IntegrationTests.Notifications;

/// <summary>What an alert says about its item, end to end: from the source file to the mail the SMTP server received.</summary>
public sealed class AlertWordingTests
{
    [Fact]
    public async Task An_alert_names_the_item_as_its_source_declares_it_and_a_title_only_edit_shows_both_titles()
    {
        await using var h = await NotificationHarness.CreateAsync();
        var a = NotificationHarness.Address();
        await h.ImportAsync("sources:\n" + h.FeedSource("stub-varsler", "stub-varsler").Replace("    kind: feed\n", "    kind: feed\n    itemKind: warning\n", StringComparison.Ordinal));
        await h.ImportDepartmentsAsync(NotificationHarness.Department("t-wording", [a], "      - sources: [stub-varsler]\n        cadence: immediate"));
        const string Known = "Mon, 02 Nov 2026 09:00:00 +0100";
        h.Stub.Set("stub-varsler", new StubResponse(200, AuthorityStub.Rss(("base-1", "Sårbarhet i VPN-løsning", "Oppdater snarest.", Known))));
        await h.StartAsync();
        await h.WaitForPollAsync("stub-varsler", null);

        // A new warning.
        h.Stub.Set("stub-varsler", new StubResponse(200, AuthorityStub.Rss(
            ("new-1", "Aktiv utnyttelse av ruter", "Angrep pågår.", "Tue, 03 Nov 2026 10:30:00 +0100"),
            ("base-1", "Sårbarhet i VPN-løsning", "Oppdater snarest.", Known))));
        await h.CheckNowAsync("stub-varsler");
        var first = Assert.Single(await MailSink.WaitForAsync(1, a));
        var published = Decoded(first.Raw);
        Assert.Contains("Nytt varsel fra Stub stub-varsler\nAktiv utnyttelse av ruter", published, StringComparison.Ordinal);
        Assert.Contains("Type: Nytt varsel", published, StringComparison.Ordinal);
        Assert.DoesNotContain("veiledning", published, StringComparison.Ordinal);

        // The authority edits the title of the known warning and nothing else.
        h.Stub.Set("stub-varsler", new StubResponse(200, AuthorityStub.Rss(
            ("new-1", "Aktiv utnyttelse av ruter", "Angrep pågår.", "Tue, 03 Nov 2026 10:30:00 +0100"),
            ("base-1", "Kritisk sårbarhet i VPN-løsning", "Oppdater snarest.", Known))));
        await h.CheckNowAsync("stub-varsler");
        var mails = await MailSink.WaitForAsync(2, a);
        var updated = Decoded(Assert.Single(mails, m => m.File != first.File).Raw);
        Assert.Contains("Oppdatert varsel fra Stub stub-varsler", updated, StringComparison.Ordinal);
        Assert.Contains("Hva er endret:\nTittel før: Sårbarhet i VPN-løsning\nTittel nå: Kritisk sårbarhet i VPN-løsning\n", updated, StringComparison.Ordinal);
        Assert.Contains("Tittel før: Sårbarhet i VPN-løsning</span>", updated, StringComparison.Ordinal);
    }

    /// <summary>The message with its quoted-printable parts decoded (headers and all: an encoded word has no "=XX" to mistake).</summary>
    private static string Decoded(string raw)
    {
        var bytes = new List<byte>(raw.Length);
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] == '=' && i + 2 < raw.Length && raw[i + 1] == '\r' && raw[i + 2] == '\n')
            {
                i += 2;
            }
            else if (raw[i] == '=' && i + 2 < raw.Length && Uri.IsHexDigit(raw[i + 1]) && Uri.IsHexDigit(raw[i + 2]))
            {
                bytes.Add(Convert.ToByte(raw.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(raw[i].ToString()));
            }
        }

        return Encoding.UTF8.GetString([.. bytes]).ReplaceLineEndings("\n");
    }
}
