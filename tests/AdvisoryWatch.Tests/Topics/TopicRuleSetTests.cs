using AdvisoryWatch.Contracts;
using AdvisoryWatch.Sources;
using AdvisoryWatch.Topics;
using Microsoft.Extensions.Logging;

namespace AdvisoryWatch.Tests.Topics;

/// <summary>Matching with the shipped rules (real Norwegian, Swedish and English wording) and the mechanics of the rule format.</summary>
public sealed class TopicRuleSetTests
{
    private static readonly TopicRuleSet Seed = Compile(TopicRules.ReadEmbeddedSeed());

    private static TopicRuleSet Compile(string yaml, ILogger? logger = null)
    {
        var result = TopicRuleSet.Compile(yaml, logger);
        Assert.True(result.Succeeded, string.Join("\n", result.Problems));
        return result.RuleSet!;
    }

    private static IReadOnlyList<string> Topics(string title, string? text = null, string language = "nb") =>
        Seed.Classify(title, text, language, []).Topics;

    [Fact]
    public void Every_default_topic_of_the_source_catalogue_is_a_topic_or_alias_of_the_shipped_rules()
    {
        var catalogue = SourceCatalogue.Read(SourceCatalogue.ReadEmbeddedSeeds());
        var used = catalogue.Sources.SelectMany(s => s.Topics).Distinct().ToList();
        Assert.NotEmpty(used);
        Assert.All(used, t => Assert.NotNull(Seed.Resolve(t)));
    }

    [Theory]
    [InlineData("nb", "Anbefaling om bruk av apper på kommunens mobile utstyr, TikTok og Telegram", "tiktok,telegram,apps,municipalities,guidance,mobile-devices")]
    [InlineData("sv", "Motion – TikTok-förbud på kommunens tjänstetelefoner", "tiktok,municipalities,mobile-devices")]
    [InlineData("sv", "Kommunen förbjuder appen Tiktok i tjänstemobiler", "tiktok,apps,mobile-devices,municipalities")]
    [InlineData("nb", "Retningslinjer for bruk av sosiale medier i virksomhetene", "social-media,guidance")]
    [InlineData("sv", "IMY granskar hur personuppgifter hanteras i sociala medier", "social-media,privacy")]
    [InlineData("nb", "Datatilsynet: nye regler for behandling av personopplysninger", "privacy")]
    [InlineData("sv", "Ändringar i dataskyddsförordningen och GDPR:s krav på DPIA", "privacy")]
    [InlineData("sv", "Remiss: ny förordning om cybersäkerhet", "policy,cybersecurity")]
    [InlineData("nb", "Løsepengevirus rammet tre kommuner", "ransomware,municipalities")]
    [InlineData("sv", "Varning för nätfiske via sms", "phishing")]
    [InlineData("nb", "Nettfiskekampanje rettet mot ansatte", "phishing")]
    [InlineData("nb", "Etterretningstrusselen mot Norge øker", "espionage")]
    [InlineData("sv", "Säpo varnar för påverkansoperationer inför valet", "influence")]
    [InlineData("nb", "KI-forordningen: hva betyr den for kommunene?", "policy,ai,municipalities")]
    [InlineData("en", "Secure use of cloud services and AI assistants", "cloud,ai")]
    public void Real_titles_get_the_topics_their_words_name(string language, string title, string expected)
    {
        var topics = Topics(title, language: language);
        Assert.Equal(expected.Split(',').Order(), topics.Order());
    }

    [Theory]
    [InlineData("nb", "Ny sårbarhet i Cisco-rutere")]
    [InlineData("nb", "Flere sårbarheter i Ivanti-produkter")]
    [InlineData("nb", "Sårbarhetene er rettet i siste versjon")]
    [InlineData("sv", "Sårbarheterna åtgärdas i nästa version")]
    [InlineData("en", "Vulnerabilities in Fortinet FortiOS")]
    [InlineData("en", "Patch CVE-2026-21345 now")]
    public void Inflected_and_prefixed_forms_of_vulnerability_and_cve_numbers_are_vulnerabilities(string language, string title)
    {
        Assert.Contains("vulnerabilities", Topics(title, language: language));
    }

    [Fact]
    public void A_keyword_matches_whole_words_only_and_a_prefix_keyword_matches_every_word_it_begins()
    {
        Assert.DoesNotContain("apps", Topics("Apple slipper ny oppdatering", language: "en"));
        Assert.Contains("apps", Topics("Ny app for innbyggere"));
        Assert.Contains("apps", Topics("Mobilappene til kommunen", language: "nb"));
        Assert.DoesNotContain("vulnerabilities", Topics("CVE-26-1 is not an identifier", language: "en"));
        Assert.DoesNotContain("tiktok", Topics("TikTokker", language: "en"));
    }

    [Fact]
    public void Hyphens_and_colons_end_words_so_compound_and_genitive_forms_match()
    {
        Assert.Contains("tiktok", Topics("Forbud mot TikTok-appen"));
        Assert.Contains("apps", Topics("Forbud mot TikTok-appen"));
        Assert.Contains("privacy", Topics("GDPR:s krav på dokumentation", language: "sv"));
        Assert.Contains("privacy", Topics("GDPR-brudd i kommunen"));
    }

    [Fact]
    public void Text_is_composed_and_soft_hyphens_are_ignored_before_matching()
    {
        Assert.Contains("vulnerabilities", Topics("Ny sa\u030Arbarhet")); // å as a + combining ring
        Assert.Contains("privacy", Topics("Person\u00ADvern i skolen"));
    }

    [Fact]
    public void Keywords_given_for_one_language_apply_only_to_items_in_that_language()
    {
        Assert.Contains("ai", Topics("KI i offentlig sektor", language: "nb"));
        Assert.DoesNotContain("ai", Topics("KI i offentlig sektor", language: "sv"));
        Assert.Contains("municipalities", Topics("Kommunen inför nya regler", language: "sv"));
        Assert.DoesNotContain("municipalities", Topics("Ny kommunikasjonsplan", language: "nb"));
    }

    [Fact]
    public void Source_topics_are_mapped_to_canonical_ids_first_then_rule_matches_follow_without_duplicates()
    {
        var match = Seed.Classify("Ny veileder om TikTok", null, "nb", ["security", "tiktok", "guidance", "local-custom"]);
        Assert.Equal(["national-security", "tiktok", "guidance", "local-custom"], match.Topics);
    }

    [Theory]
    [InlineData("sv", "Blixtmeddelande: kritisk sårbarhet i Citrix", null, Severity.Urgent)]
    [InlineData("sv", "Sårbarhet i Citrix utnyttjas aktivt", null, Severity.High)]
    [InlineData("nb", "Sårbarhet i Ivanti", "Sårbarheten blir aktivt utnyttet.", Severity.High)]
    [InlineData("en", "Zero-day in Chrome", null, Severity.High)]
    [InlineData("nb", "Nulldagssårbarheten er rettet", null, Severity.High)]
    [InlineData("nb", "Kritiske sårbarheter i Microsoft-produkter", null, Severity.High)]
    [InlineData("en", "Critical vulnerability in Exchange", null, Severity.High)]
    [InlineData("en", "Update for Exchange", "The flaw has a CVSS score of 9.8.", Severity.High)]
    [InlineData("nb", "Oppdatering for Exchange", "Sårbarheten har CVSS-score på 9,1.", Severity.High)]
    [InlineData("en", "Update for Exchange", "The flaw has a CVSS score of 7.5.", Severity.Normal)]
    [InlineData("nb", "Ny veileder for sikker bruk av skytjenester", null, Severity.Normal)]
    public void Severity_is_the_highest_matching_rule_else_the_default(string language, string title, string? text, Severity expected)
    {
        Assert.Equal(expected, Seed.Classify(title, text, language, []).Severity);
    }

    [Fact]
    public void A_title_only_rule_ignores_the_text_and_a_text_rule_ignores_the_title()
    {
        const string yaml = """
            topics:
              - id: flash
                field: title
                keywords: [blixtmeddelande]
              - id: body
                field: text
                keywords: [body]
            """;
        var set = Compile(yaml);
        Assert.Equal(["flash"], set.Classify("Blixtmeddelande", "body", "sv", []).Topics.Where(t => t == "flash"));
        Assert.Empty(set.Classify("Nyheter", "ett blixtmeddelande kom", "sv", []).Topics);
        Assert.Empty(set.Classify("body", null, "sv", []).Topics);
        Assert.Equal(["body"], set.Classify("x", "some body text", "sv", []).Topics);
        Assert.Equal(Severity.Normal, set.Classify("x", null, "sv", []).Severity);
    }

    [Fact]
    public void Rules_limited_to_languages_skip_items_in_other_languages_for_keywords_and_patterns()
    {
        const string yaml = """
            topics:
              - id: x
                languages: [sv]
                keywords: [dataskydd]
                patterns: ['\bIMY\b']
            """;
        var set = Compile(yaml);
        Assert.Equal(["x"], set.Classify("IMY", null, "sv", []).Topics);
        Assert.Empty(set.Classify("IMY om dataskydd", null, "nb", []).Topics);
    }

    [Fact]
    public void A_pattern_that_times_out_counts_as_no_match_and_is_logged()
    {
        const string yaml = """
            patternTimeoutMilliseconds: 1
            topics:
              - id: slow
                patterns: ['^(a+)+$']
              - id: fine
                keywords: [aaaa*]
            """;
        var logger = new ListLogger();
        var set = Compile(yaml, logger);
        var hostile = new string('a', 40) + "!";
        var match = set.Classify("x", hostile, "en", []);
        Assert.Equal(["fine"], match.Topics);
        Assert.Contains(logger.Lines, l => l.Contains("topic:slow", StringComparison.Ordinal) && l.Contains("timed out", StringComparison.Ordinal));
    }

    [Fact]
    public void Compilation_lists_every_problem_at_once_and_gives_no_rule_set()
    {
        const string yaml = """
            defaultSeverity: loud
            topics:
              - id: tiktok
                keywords: [tiktok]
              - id: tiktok
                keywords: [bytedance]
              - id: empty
              - id: privacy
                aliases: [tiktok, gdpr]
                keywords: ['a*', 'GDPR:s']
                patterns: ['(unclosed']
                field: body
            severityRules:
              - id: flash
                severity: critical
                keywords: [blixtmeddelande]
            """;
        var result = TopicRuleSet.Compile(yaml);
        Assert.False(result.Succeeded);
        Assert.Null(result.RuleSet);
        var text = string.Join("\n", result.Problems);
        Assert.Contains("defaultSeverity 'loud'", text, StringComparison.Ordinal);
        Assert.Contains("topics/tiktok: the id is used by more than one topic", text, StringComparison.Ordinal);
        Assert.Contains("topics/empty: the rule has no keywords or patterns", text, StringComparison.Ordinal);
        Assert.Contains("alias 'tiktok' clashes with topic 'tiktok'", text, StringComparison.Ordinal);
        Assert.Contains("keyword 'a*'", text, StringComparison.Ordinal);
        Assert.Contains("keyword 'GDPR:s'", text, StringComparison.Ordinal);
        Assert.Contains("pattern '(unclosed'", text, StringComparison.Ordinal);
        Assert.Contains("field 'body'", text, StringComparison.Ordinal);
        Assert.Contains("severityRules/flash: severity 'critical'", text, StringComparison.Ordinal);
        Assert.Equal(9, result.Problems.Count);
    }

    [Fact]
    public void Unknown_properties_and_broken_yaml_are_problems_not_exceptions()
    {
        var misspelt = TopicRuleSet.Compile("topics:\n  - id: x\n    keyword: [x]\n");
        Assert.Contains("keyword", Assert.Single(misspelt.Problems).Message, StringComparison.Ordinal);
        Assert.Single(TopicRuleSet.Compile("topics: [\n").Problems);
    }

    [Fact]
    public void Display_names_fall_back_to_bokmal_for_nynorsk_then_to_english_then_to_the_id()
    {
        Assert.Equal("Personvern", Seed.DisplayName("privacy", "nb"));
        Assert.Equal("Dataskydd", Seed.DisplayName("privacy", "sv"));
        Assert.Equal("Personvern", Seed.DisplayName("privacy", "nn"));
        Assert.Equal("Privacy", Seed.DisplayName("privacy", "fi"));
        Assert.Equal("Nasjonal sikkerhet", Seed.DisplayName("security", "nb"));
        Assert.Equal("no-such-topic", Seed.DisplayName("no-such-topic", "nb"));
    }

    internal sealed class ListLogger : ILogger
    {
        public List<string> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Add(formatter(state, exception));
    }
}
