using AdvisoryWatch.Sources;

namespace AdvisoryWatch.Tests.Sources;

/// <summary>The source file as an admin writes it: what <c>interval</c> and <c>itemKind</c> take, and what a mistake says.</summary>
public sealed class SourceFileTests
{
    private static string Catalogue(string interval, string? itemKind = null) => $"""
        sources:
          - id: one
            name: One
            authority: A
            country: "NO"
            language: nb
            kind: feed
            url: https://example.org/feed
            interval: {interval}
        """ + (itemKind is null ? "" : $"\n    itemKind: {itemKind}") + "\n";

    [Theory]
    [InlineData("90", 90)]
    [InlineData("5m", 5)]
    [InlineData("1h", 60)]
    [InlineData("1h30m", 90)]
    [InlineData("1d", 1440)]
    [InlineData("120s", 2)]
    [InlineData("00:15:00", 15)]
    [InlineData("\"2h\"", 120)]
    public void An_interval_is_whole_minutes_or_a_duration(string interval, int minutes)
    {
        var read = SourceCatalogue.Read(Catalogue(interval));

        Assert.Empty(read.Problems);
        Assert.Equal(minutes, Assert.Single(read.Sources).Interval);
    }

    [Theory]
    [InlineData("30s")]
    [InlineData("0")]
    [InlineData("00:00:30")]
    public void An_interval_under_a_minute_is_refused_with_the_minimum_and_the_forms_it_takes(string interval)
    {
        var problem = Assert.Single(SourceCatalogue.Read(Catalogue(interval)).Problems);

        Assert.Contains("line 9", problem, StringComparison.Ordinal);
        Assert.Contains($"interval '{interval}' is shorter than the minimum of 1 minute", problem, StringComparison.Ordinal);
        Assert.Contains("5m, 1h, 1h30m, 1d or 00:15:00", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0.5")]
    [InlineData("1.5h")]
    [InlineData("soon")]
    [InlineData("-5")]
    [InlineData("90s")]
    public void An_interval_that_is_not_whole_minutes_is_refused_with_the_forms_it_takes(string interval)
    {
        var problem = Assert.Single(SourceCatalogue.Read(Catalogue(interval)).Problems);

        Assert.Contains($"interval '{interval}'", problem, StringComparison.Ordinal);
        Assert.Contains("write whole minutes (60) or a duration: 5m, 1h, 1h30m, 1d or 00:15:00; the shortest is 1 minute", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void An_export_writes_the_interval_as_minutes_that_read_back()
    {
        var source = Assert.Single(SourceCatalogue.Read(Catalogue("1h30m")).Sources);

        var yaml = SourceCatalogue.Write([source]);

        Assert.Contains("interval: 90\n", yaml, StringComparison.Ordinal);
        Assert.Equal(90, Assert.Single(SourceCatalogue.Read(yaml).Sources).Interval);
    }

    [Fact]
    public void The_item_kind_is_read_and_an_unknown_one_is_refused_with_the_names_it_takes()
    {
        Assert.Equal("warning", Assert.Single(SourceCatalogue.Read(Catalogue("60", "warning")).Sources).ItemKind);

        var problem = Assert.Single(SourceCatalogue.Read(Catalogue("60", "alert")).Problems);
        Assert.Equal("one: itemKind 'alert' is not warning, advisory, news, guidance or page.", problem);
    }

    [Fact]
    public void Without_an_item_kind_a_page_is_a_page_and_anything_else_news()
    {
        Assert.Equal(ItemKind.Page, ItemKinds.Effective(null, SourceKind.Page));
        Assert.Equal(ItemKind.News, ItemKinds.Effective(null, SourceKind.Feed));
        Assert.Equal(ItemKind.News, ItemKinds.Effective(null, SourceKind.HtmlList));
        Assert.Equal(ItemKind.Guidance, ItemKinds.Effective(ItemKind.Guidance, SourceKind.Page));
    }

    [Fact]
    public void A_definition_without_an_item_kind_hashes_as_before_the_field_existed()
    {
        // Rows seeded by earlier releases carry this hash; were it to change, every seeded source
        // would count as changed by an admin and never take the catalogue's updates again.
        var definition = Assert.Single(SourceCatalogue.Read(Catalogue("60")).Sources);

        Assert.Equal(HashBeforeItemKind, definition.Hash());
    }

    [Fact]
    public void Opml_carries_the_item_kind_and_reads_the_interval_as_the_yaml_does()
    {
        var source = Assert.Single(SourceCatalogue.Read(Catalogue("1h", "advisory")).Sources);

        var back = Opml.Read(Opml.Write([source], "t"));

        var read = Assert.Single(back.Sources);
        Assert.Equal(("advisory", 60), (read.ItemKind, read.Interval));
        var problem = Assert.Single(Opml.Read(Opml.Write([source], "t").Replace("aw:interval=\"60\"", "aw:interval=\"30s\"", StringComparison.Ordinal)).Problems);
        Assert.StartsWith("one: interval '30s' is shorter than the minimum of 1 minute", problem, StringComparison.Ordinal);
    }

    private const string HashBeforeItemKind = "e7e3b70e1e0110872786ca7f710e18b384ca63bac9ffc3ad1c5e04a2b7631624";
}
