using AdvisoryWatch.Changes;
using AdvisoryWatch.Contracts;
using AdvisoryWatch.Extraction;

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
