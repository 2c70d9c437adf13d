using System.Reflection;
using System.Text.RegularExpressions;
using AdvisoryWatch.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AdvisoryWatch.Tests.Hosting;

/// <summary>The known keys come from the features' options types, and the docs list exactly those.</summary>
public sealed partial class ConfigurationSchemaTests
{
    [Fact]
    public async Task Every_known_key_is_documented_and_every_documented_key_is_known()
    {
        var schema = await RealSchemaAsync();
        var table = await File.ReadAllTextAsync(Path.Combine(TestPaths.RepoRoot, "docs", "configuration.md"), TestContext.Current.CancellationToken);
        var documented = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (Match row in DocumentedRow().Matches(table))
        {
            var first = row.Groups[1].Value;
            documented.Add(first);
            foreach (Capture sibling in row.Groups[2].Captures)
            {
                documented.Add(first[..first.LastIndexOf(':')] + sibling.Value);
            }
        }

        Assert.Empty(schema.Keys.Except(documented, StringComparer.OrdinalIgnoreCase));
        Assert.Empty(documented.Except(schema.Keys, StringComparer.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Every_options_type_with_a_section_declares_it()
    {
        var app = AppHost.Build(new HostSettings([], Path.Combine(Path.GetTempPath(), "advisorywatch-unused")));
        await using (app)
        {
            var declared = app.Services.GetServices<KnownSection>().Select(s => (s.Path, s.OptionsType)).ToHashSet();
            var withSection = typeof(AppHost).Assembly.GetTypes()
                .Select(t => (Type: t, Field: t.GetField("Section", BindingFlags.Public | BindingFlags.Static)))
                .Where(t => t.Field is { IsLiteral: true } && t.Field.GetRawConstantValue() is string s && s.StartsWith(ConfigurationSchema.Root, StringComparison.Ordinal))
                .Select(t => ((string)t.Field!.GetRawConstantValue()!, t.Type))
                .ToList();

            Assert.NotEmpty(withSection);
            Assert.All(withSection, s => Assert.Contains(s, declared));
        }
    }

    [Fact]
    public void Lists_take_numbered_entries_maps_take_any_name_and_nested_objects_their_own_keys()
    {
        var schema = new ConfigurationSchema([new KnownSection("AdvisoryWatch:Sample", typeof(SampleOptions), [nameof(SampleOptions.FromElsewhere)])]);

        Assert.Equal(
            ["AdvisoryWatch:Sample:Name", "AdvisoryWatch:Sample:Items", "AdvisoryWatch:Sample:RoleMap", "AdvisoryWatch:Sample:Sources:*:Url", "AdvisoryWatch:Sample:Sources:*:Interval", "AdvisoryWatch:Sample:Nested:Url", "AdvisoryWatch:Sample:Nested:Interval", "AdvisoryWatch:Sample:renamed"],
            schema.Keys);
        Assert.Empty(schema.Check(Configuration(
            ("Sample:Name", "x"),
            ("Sample:Items:0", "a"),
            ("Sample:Items:1", "b"),
            ("Sample:RoleMap:security-team", "Admin"),
            ("Sample:Sources:0:Url", "https://example.org/"),
            ("Sample:Sources:1:interval", "00:10:00"),
            ("sample:nested:URL", "https://example.org/"),
            ("Sample:Renamed", "y"))));
        var listed = "the settings here are Name, Items, RoleMap, Sources, Nested, renamed.";
        Assert.Equal(
            [
                $"AdvisoryWatch:Sample:Computed: not a known setting; {listed}",
                $"AdvisoryWatch:Sample:FromElsewhere: not a known setting; {listed}",
                "AdvisoryWatch:Sample:Items:first: not a known setting; AdvisoryWatch:Sample:Items is a list, its entries are AdvisoryWatch:Sample:Items:0, AdvisoryWatch:Sample:Items:1, ...",
                "AdvisoryWatch:Sample:RoleMap:x:y: not a known setting; AdvisoryWatch:Sample:RoleMap:x takes one value, not keys under it.",
                "AdvisoryWatch:Sample:Sources:0:Ulr: not a known setting; did you mean AdvisoryWatch:Sample:Sources:0:Url?",
            ],
            schema.Check(Configuration(
                ("Sample:Items:first", "a"),
                ("Sample:RoleMap:x:y", "z"),
                ("Sample:Sources:0:Ulr", "https://example.org/"),
                ("Sample:FromElsewhere", "x"),
                ("Sample:Computed", "x"))));
    }

    [Theory]
    [InlineData("TickInterval", "TickIntervall", 1)]
    [InlineData("Polling", "poling", 1)]
    [InlineData("MaxBytes", "MaxByets", 1)]
    [InlineData("Url", "Ulr", 1)]
    [InlineData("Host", "Colour", 5)]
    public void Edit_distance_counts_a_swap_as_one_edit_and_ignores_case(string a, string b, int distance)
    {
        Assert.Equal(distance, ConfigurationSchema.EditDistance(a, b));
    }

    private static async Task<ConfigurationSchema> RealSchemaAsync()
    {
        var app = AppHost.Build(new HostSettings([], Path.Combine(Path.GetTempPath(), "advisorywatch-unused")));
        await using (app)
        {
            return app.Services.GetServices<IConfigurationCheck>().OfType<ConfigurationSchema>().Single();
        }
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] pairs) =>
        new ConfigurationBuilder().AddInMemoryCollection(pairs.Select(p => KeyValuePair.Create<string, string?>("AdvisoryWatch:" + p.Key, p.Value))).Build();

    [GeneratedRegex(@"^\| `(AdvisoryWatch:[^`]+)`(?:, `(:[^`]+)`)*", RegexOptions.Multiline)]
    private static partial Regex DocumentedRow();

    private sealed class SampleOptions
    {
        public string? Name { get; set; }

        public List<string> Items { get; } = [];

        public Dictionary<string, string> RoleMap { get; set; } = [];

        public List<SampleSource> Sources { get; set; } = [];

        public SampleSource Nested { get; set; } = new();

        [ConfigurationKeyName("renamed")]
        public string? Renamed { get; set; }

        public string? FromElsewhere { get; set; }

        public string Computed => Name + "!";
    }

    private sealed class SampleSource
    {
        public Uri? Url { get; set; }

        public TimeSpan Interval { get; set; }
    }
}
