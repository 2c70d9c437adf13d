using AdvisoryWatch.Contracts;
using AdvisoryWatch.Departments;

namespace AdvisoryWatch.Tests.Departments;

public sealed class DepartmentCatalogueTests
{
    [Fact]
    public void The_shipped_example_is_valid_and_names_every_recipient_of_the_Oslo_letter()
    {
        var read = DepartmentCatalogue.Read(DepartmentCatalogue.ReadEmbeddedSeeds());
        Assert.Empty(read.Problems);
        Assert.Equal(9, read.Departments.Count);
        Assert.Contains(read.Departments, d => d.Name == "Byrådsavdeling for oppvekst og kunnskap");
        Assert.Contains(read.Departments, d => d.Name == "Byrådslederens kontor");

        // Placeholders only: nothing in the example can reach a real mailbox.
        Assert.All(read.Departments.SelectMany(d => d.Recipients), r => Assert.EndsWith("@oslo.example", r.Address, StringComparison.Ordinal));
    }

    [Fact]
    public void Every_problem_in_a_file_is_reported_at_once()
    {
        const string Yaml = """
            departments:
              - id: Bad Id
                name: ""
                language: de
                timeZone: Mars/Olympus
                coordinator: "not an address"
                escalateAfter: soon
                recipients:
                  - address: "x@y.example\r\nBcc: evil@example.com"
                  - teams: ftp://hook
                subscriptions:
                  - minimumSeverity: catastrophic
                    cadence: hourly
            """;
        var problems = DepartmentCatalogue.Read(Yaml).Problems;
        Assert.Contains(problems, p => p.Contains("id must be", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("name is required", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("'de'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("Mars/Olympus", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("coordinator", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("escalateAfter", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("recipient 1", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("recipient 2: teams", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("catastrophic", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("hourly", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("immediate", Cadence.Immediate, null, null)]
    [InlineData("daily 07:45", Cadence.Daily, "07:45", null)]
    [InlineData("weekly friday 15:00", Cadence.Weekly, "15:00", DayOfWeek.Friday)]
    public void Cadences_read_and_write_back_the_same(string text, Cadence cadence, string? at, DayOfWeek? day)
    {
        var parsed = SubscriptionDefinition.ParseCadence(text);
        Assert.NotNull(parsed);
        Assert.Equal(cadence, parsed.Value.Cadence);
        Assert.Equal(at is null ? null : TimeOnly.Parse(at, System.Globalization.CultureInfo.InvariantCulture), parsed.Value.At);
        Assert.Equal(day, parsed.Value.Day);
        var entity = new SubscriptionDefinition { Cadence = text }.ToEntity("d");
        Assert.Equal(text, SubscriptionDefinition.FormatCadence(entity));
    }

    [Theory]
    [InlineData("weekly 1 08:00")]
    [InlineData("daily 8")]
    [InlineData("daily 25:00")]
    public void Malformed_cadences_are_refused(string text) => Assert.Null(SubscriptionDefinition.ParseCadence(text));

    [Fact]
    public void A_subscription_matches_by_source_topic_and_minimum_severity()
    {
        var s = new Subscription { DepartmentId = "d", Sources = ["nsm-all"], Topics = ["tiktok", "telegram"], MinimumSeverity = Severity.Normal };
        Assert.True(s.Matches("nsm-all", ["apps", "TikTok"], Severity.High));
        Assert.False(s.Matches("cert-se", ["tiktok"], Severity.High));
        Assert.False(s.Matches("nsm-all", ["privacy"], Severity.High));
        Assert.False(s.Matches("nsm-all", ["tiktok"], Severity.Low));
        Assert.True(new Subscription { DepartmentId = "d" }.Matches("anything", [], Severity.Low));

        // A subscription naming a topic by an alias matches events that carry the topic's id.
        var byAlias = new Subscription { DepartmentId = "d", Topics = ["security"] };
        Assert.True(byAlias.Matches("pst-news", ["national-security"], Severity.Normal, t => t == "security" ? "national-security" : t));
        Assert.False(byAlias.Matches("pst-news", ["national-security"], Severity.Normal));
    }
}
