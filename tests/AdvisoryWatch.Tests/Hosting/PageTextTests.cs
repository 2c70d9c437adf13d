using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace AdvisoryWatch.Tests.Hosting;

/// <summary>
/// Every page text exists in English, Norwegian Bokmål and Swedish: a text missing in one language
/// would show its key to that reader, silently. Reads the sources, as the localiser only reports a
/// missing text when it is asked for one.
/// </summary>
public partial class PageTextTests
{
    private static readonly string Source = Path.Combine(TestPaths.RepoRoot, "src", "AdvisoryWatch");

    public static TheoryData<string> TextSets() =>
        [.. Directory.EnumerateFiles(Source, "*.resx", SearchOption.AllDirectories)
            .Where(f => !IsTranslation(f) && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(Source, f))];

    [Theory]
    [MemberData(nameof(TextSets))]
    public void Every_text_is_in_every_language_and_none_is_empty(string textSet)
    {
        var english = Texts(Path.Combine(Source, textSet));
        foreach (var language in (string[])["nb", "sv"])
        {
            var path = Path.Combine(Source, Path.ChangeExtension(textSet, $".{language}.resx"));
            Assert.True(File.Exists(path), $"{textSet} has no {language} translation");
            var translated = Texts(path);
            Assert.Empty(english.Keys.Except(translated.Keys).Select(k => $"{language} lacks {k}"));
            Assert.Empty(translated.Keys.Except(english.Keys).Select(k => $"{language} has {k}, English does not"));
            Assert.Empty(translated.Where(t => string.IsNullOrWhiteSpace(t.Value)).Select(t => $"{language} {t.Key} is empty"));
        }

        Assert.Empty(english.Where(t => string.IsNullOrWhiteSpace(t.Value)).Select(t => $"{t.Key} is empty"));
    }

    [Fact]
    public void Every_text_a_page_or_menu_asks_for_exists()
    {
        var sets = Directory.EnumerateFiles(Source, "*.resx", SearchOption.AllDirectories)
            .Where(f => !IsTranslation(f))
            .ToDictionary(f => Path.GetFileNameWithoutExtension(f), f => Texts(f).Keys.ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
        var missing = new List<string>();
        var asked = 0;
        foreach (var file in Directory.EnumerateFiles(Source, "*.cs*", SearchOption.AllDirectories).Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".cshtml", StringComparison.Ordinal)))
        {
            var text = File.ReadAllText(file);
            var uses = new List<(string Set, string Key)>();
            foreach (Match localizer in Localizer().Matches(text))
            {
                var name = Regex.Escape(localizer.Groups["name"].Value);
                uses.AddRange(Regex.Matches(text, $@"\b{name}\[""(?<key>[^""]+)""").Select(m => (localizer.Groups["set"].Value, m.Groups["key"].Value)));
            }

            uses.AddRange(MenuEntry().Matches(text).Select(m => (m.Groups["set"].Value, m.Groups["key"].Value)));
            foreach (var (set, key) in uses)
            {
                asked++;
                if (!sets.TryGetValue(set, out var keys) || !keys.Contains(key))
                {
                    missing.Add($"{Path.GetRelativePath(Source, file)}: {set}[\"{key}\"]");
                }
            }
        }

        Assert.True(asked > 0, "no page text found: the patterns no longer match how pages ask for texts");
        Assert.Empty(missing);
    }

    private static bool IsTranslation(string path) => Path.GetFileNameWithoutExtension(path).Contains('.', StringComparison.Ordinal);

    private static Dictionary<string, string> Texts(string path) =>
        XDocument.Load(path).Root!.Elements("data").ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? "", StringComparer.Ordinal);

    // "@inject IStringLocalizer<SourcesText> T" in a page, "IStringLocalizer<SourcesText> text" in a constructor.
    [GeneratedRegex(@"IStringLocalizer<(?<set>\w+)>\s+(?<name>\w+)")]
    private static partial Regex Localizer();

    [GeneratedRegex(@"new NavigationEntry\(""[^""]*"",\s*typeof\((?<set>\w+)\),\s*""(?<key>[^""]+)""")]
    private static partial Regex MenuEntry();
}
