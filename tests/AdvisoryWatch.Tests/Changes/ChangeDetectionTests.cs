using AdvisoryWatch.Changes;
using AdvisoryWatch.Contracts;
using System.Text;
using AdvisoryWatch.Extraction;
using AdvisoryWatch.Extraction.Feeds;

namespace AdvisoryWatch.Tests.Changes;

public sealed class ChangeDetectionTests
{
    private static ExtractedItem Item(string id, string title, string? summary, string? content = null) =>
        new(id, title, "https://nsm.no/" + id, null, null, summary, content, [], []);

    private static Dictionary<string, StoredItem> Stored(params ExtractedItem[] items) =>
        items.ToDictionary(i => i.Id, i => new StoredItem(Guid.NewGuid(), i.Id, ChangeDetector.Hash(i), false));

    [Fact]
    public void An_unknown_item_is_published_and_a_known_unchanged_one_is_not()
    {
        var known = Item("a", "A", "text");
        var detected = ChangeDetector.Detect(false, Stored(known), [Item("b", "B", "new"), Item("a", "A", "text")]);
        var d = Assert.Single(detected);
        Assert.Equal(ChangeKind.Published, d.Kind);
        Assert.Equal("b", d.Item.Id);
    }

    [Fact]
    public void A_changed_summary_is_an_update_of_the_stored_item()
    {
        var stored = Stored(Item("a", "A", "text"));
        var d = Assert.Single(ChangeDetector.Detect(false, stored, [Item("a", "A", "text, revised")]));
        Assert.Equal(ChangeKind.Updated, d.Kind);
        Assert.Equal(stored["a"].AdvisoryId, d.Before!.AdvisoryId);
    }

    [Fact]
    public void Markup_only_edits_to_content_are_not_changes()
    {
        var stored = Stored(Item("a", "A", null, "<p>Patch now</p>"));
        Assert.Empty(ChangeDetector.Detect(false, stored, [Item("a", "A", null, "<p class=\"lead\">Patch <span>now</span></p>")]));
    }

    [Fact]
    public void An_item_that_leaves_the_feed_is_not_a_change() =>
        Assert.Empty(ChangeDetector.Detect(false, Stored(Item("a", "A", "x"), Item("b", "B", "y")), [Item("a", "A", "x")]));

    [Fact]
    public void An_item_repeated_in_one_read_is_counted_once() =>
        Assert.Single(ChangeDetector.Detect(false, Stored(), [Item("a", "A", "x"), Item("a", "A", "x")]));

    [Fact]
    public void A_page_that_answers_again_after_it_was_gone_is_a_page_change()
    {
        var page = Item("https://nsm.no/rad", "Råd", "tekst") with { Sha256 = "abc" };
        var stored = new Dictionary<string, StoredItem> { [page.Id] = new(Guid.NewGuid(), page.Id, "abc", Gone: true) };
        Assert.Equal(ChangeKind.PageChanged, Assert.Single(ChangeDetector.Detect(true, stored, [page])).Kind);
    }

    [Fact]
    public void A_feed_item_written_as_recorded_is_known_by_its_fingerprint_alone()
    {
        var item = FeedItem("<description>&lt;p&gt;Oppdater nå&lt;/p&gt;</description>");

        // A stale stored hash shows the fingerprint decided: the text was never derived and compared.
        var recorded = new Dictionary<string, StoredItem> { [item.Id] = new(Guid.NewGuid(), item.Id, "stale", false, item.SourceFingerprint) };
        Assert.Empty(ChangeDetector.Detect(false, recorded, [item]));

        // A row recorded before fingerprints existed is compared by its text, as before.
        var legacy = new Dictionary<string, StoredItem> { [item.Id] = new(Guid.NewGuid(), item.Id, "stale", false) };
        Assert.Equal(ChangeKind.Updated, Assert.Single(ChangeDetector.Detect(false, legacy, [item])).Kind);
    }

    [Fact]
    public void A_feed_item_whose_markup_changed_but_not_its_text_is_still_not_a_change()
    {
        var before = FeedItem("<description>&lt;p&gt;Oppdater nå&lt;/p&gt;</description>");
        var after = FeedItem("<description>&lt;p class=\"lead\"&gt;Oppdater &lt;b&gt;nå&lt;/b&gt;&lt;/p&gt;</description>");
        Assert.NotEqual(before.SourceFingerprint, after.SourceFingerprint);
        var stored = new Dictionary<string, StoredItem> { [before.Id] = new(Guid.NewGuid(), before.Id, ChangeDetector.Hash(before), false, before.SourceFingerprint) };
        Assert.Empty(ChangeDetector.Detect(false, stored, [after]));
    }

    [Fact]
    public void A_gone_item_is_a_change_even_with_the_same_fingerprint()
    {
        var item = FeedItem("<description>Tekst</description>");
        var stored = new Dictionary<string, StoredItem> { [item.Id] = new(Guid.NewGuid(), item.Id, ChangeDetector.Hash(item), Gone: true, item.SourceFingerprint) };
        Assert.Equal(ChangeKind.Updated, Assert.Single(ChangeDetector.Detect(false, stored, [item])).Kind);
    }

    [Theory]
    [InlineData("<title>Ab</title><description>c</description>", "<title>A</title><description>bc</description>")]
    [InlineData("<description>Tekst</description>", "<description>Tekst.</description>")]
    [InlineData("<description>x</description>", "<description>x</description><content:encoded>x</content:encoded>")]
    public void Fingerprints_differ_when_anything_the_text_is_made_from_differs(string a, string b) =>
        Assert.NotEqual(FeedItem(a).SourceFingerprint, FeedItem(b).SourceFingerprint);

    [Fact]
    public void The_same_item_read_twice_has_the_same_fingerprint_and_items_with_derived_text_have_none()
    {
        Assert.Equal(FeedItem("<description>Tekst</description>").SourceFingerprint, FeedItem("<description>Tekst</description>").SourceFingerprint);
        Assert.Null(Item("a", "A", "text").SourceFingerprint);
    }

    [Fact]
    public void Text_marked_as_plain_and_the_same_text_marked_as_html_have_different_fingerprints()
    {
        static ExtractedItem Atom(string type) => Assert.Single(FeedParser.Parse(
            Encoding.UTF8.GetBytes($"<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><id>urn:a</id><title>T</title><summary type=\"{type}\">&lt;b&gt;x&lt;/b&gt;</summary></entry></feed>"),
            new ExtractionContext(new Uri("https://nsm.no/"))).Value!.Items);
        Assert.NotEqual(Atom("text").SourceFingerprint, Atom("html").SourceFingerprint);
    }

    private static ExtractedItem FeedItem(string fields) => Assert.Single(FeedParser.Parse(
        Encoding.UTF8.GetBytes($"<rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"><channel><title>NSM</title><item><guid>item-1</guid>{(fields.Contains("<title>", StringComparison.Ordinal) ? string.Empty : "<title>Råd</title>")}{fields}</item></channel></rss>"),
        new ExtractionContext(new Uri("https://nsm.no/"))).Value!.Items);

    [Fact]
    public void A_diff_shows_removed_and_added_lines_with_context()
    {
        var diff = TextDiff.Between("Innledning\nBruk sterke passord.\nOppdater programvare.\nSlutt", "Innledning\nBruk passordfraser.\nOppdater programvare.\nSlutt");
        Assert.Equal("  Innledning\n- Bruk sterke passord.\n+ Bruk passordfraser.\n  Oppdater programvare.\n  Slutt\n", diff);
        Assert.Equal((1, 1), TextDiff.Count(diff));
    }

    [Fact]
    public void Identical_texts_have_no_diff() => Assert.Null(TextDiff.Between("a\nb", "a\nb"));

    [Fact]
    public void A_huge_rewrite_gives_a_bounded_diff()
    {
        var before = string.Join('\n', Enumerable.Range(0, 5_000).Select(i => $"old line {i}"));
        var after = string.Join('\n', Enumerable.Range(0, 5_000).Select(i => $"new line {i}"));
        var diff = TextDiff.Between(before, after)!;
        Assert.True(diff.Split('\n').Length <= TextDiff.MaxOutputLines + 2);
        Assert.EndsWith("(diff shortened)\n", diff, StringComparison.Ordinal);
    }
}
