using System.Globalization;
using System.Text;

namespace AdvisoryWatch.Topics;

/// <summary>Which part of an item a rule reads.</summary>
internal enum RuleField
{
    Any,
    Title,
    Text,
}

/// <summary>One word of a keyword; a prefix word matches every word that begins with it.</summary>
internal readonly record struct KeywordWord(string Text, bool Prefix);

/// <summary>A compiled keyword: the rule it belongs to, its language (null for all) and its words.</summary>
internal sealed record KeywordEntry(int Rule, RuleField Field, string? Language, KeywordWord[] Words);

/// <summary>
/// All keywords of a rule set in one index, so an item's text is read once whatever the number of
/// rules: each word of the text is looked up by its exact form and by its prefixes, and only the
/// entries found are checked further. Words are runs of letters, digits and combining marks, so
/// æøå/äö are inside words and hyphens, apostrophes and colons are not ("GDPR-brudd", "GDPR:s").
/// </summary>
internal sealed class KeywordIndex
{
    private const int MinimumPrefixLength = 3;

    private readonly KeywordEntry[] _entries;
    private readonly Dictionary<string, int[]>.AlternateLookup<ReadOnlySpan<char>> _exact;
    private readonly Dictionary<string, int[]>.AlternateLookup<ReadOnlySpan<char>> _prefixes;
    private readonly int[] _prefixLengths;

    public KeywordIndex(IReadOnlyList<KeywordEntry> entries)
    {
        _entries = [.. entries];
        var exact = new Dictionary<string, List<int>>(StringComparer.OrdinalIgnoreCase);
        var prefixes = new Dictionary<string, List<int>>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < _entries.Length; i++)
        {
            var first = _entries[i].Words[0];
            var target = first.Prefix ? prefixes : exact;
            if (!target.TryGetValue(first.Text, out var list))
            {
                target[first.Text] = list = [];
            }

            list.Add(i);
        }

        // Only the lengths some prefix has are looked up: a word costs one lookup per such length.
        _prefixLengths = [.. prefixes.Keys.Select(k => k.Length).Distinct().Order()];

        _exact = Freeze(exact).GetAlternateLookup<ReadOnlySpan<char>>();
        _prefixes = Freeze(prefixes).GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Marks in <paramref name="hits"/> the rules that have a keyword in <paramref name="text"/>.</summary>
    public void Scan(ReadOnlySpan<char> text, RuleField field, ReadOnlySpan<char> language, Span<bool> hits)
    {
        var position = 0;
        while (NextWord(text, ref position, out var start, out var length))
        {
            var word = text.Slice(start, length);
            if (_exact.TryGetValue(word, out var candidates))
            {
                Check(candidates, text, start + length, field, language, hits);
            }

            foreach (var k in _prefixLengths)
            {
                if (k > length)
                {
                    break;
                }

                if (_prefixes.TryGetValue(word[..k], out candidates))
                {
                    Check(candidates, text, start + length, field, language, hits);
                }
            }
        }
    }

    private void Check(int[] candidates, ReadOnlySpan<char> text, int after, RuleField field, ReadOnlySpan<char> language, Span<bool> hits)
    {
        foreach (var index in candidates)
        {
            var entry = _entries[index];
            if (hits[entry.Rule]
                || (entry.Field != RuleField.Any && entry.Field != field)
                || (entry.Language is not null && !language.Equals(entry.Language, StringComparison.OrdinalIgnoreCase))
                || !RestFollows(entry.Words, text, after))
            {
                continue;
            }

            hits[entry.Rule] = true;
        }
    }

    /// <summary>The later words of a phrase, each after nothing but spaces or hyphens ("supply chain" matches "supply-chain").</summary>
    private static bool RestFollows(KeywordWord[] words, ReadOnlySpan<char> text, int position)
    {
        for (var w = 1; w < words.Length; w++)
        {
            var gapStart = position;
            if (!NextWord(text, ref position, out var start, out var length)
                || start == gapStart
                || !IsPhraseGap(text[gapStart..start]))
            {
                return false;
            }

            var word = text.Slice(start, length);
            var matches = words[w].Prefix
                ? word.StartsWith(words[w].Text, StringComparison.OrdinalIgnoreCase)
                : word.Equals(words[w].Text, StringComparison.OrdinalIgnoreCase);
            if (!matches)
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsPhraseGap(ReadOnlySpan<char> gap)
    {
        foreach (var c in gap)
        {
            if (!char.IsWhiteSpace(c) && c is not ('-' or '\u2010' or '\u2011'))
            {
                return false;
            }
        }

        return true;
    }

    internal static bool NextWord(ReadOnlySpan<char> text, ref int position, out int start, out int length)
    {
        var i = position;
        while (i < text.Length && !IsWordChar(text[i]))
        {
            i++;
        }

        start = i;
        while (i < text.Length && IsWordChar(text[i]))
        {
            i++;
        }

        length = i - start;
        position = i;
        return length > 0;
    }

    internal static bool IsWordChar(char c)
    {
        if (char.IsAscii(c))
        {
            return char.IsAsciiLetterOrDigit(c);
        }

        return char.IsLetterOrDigit(c) || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark
            or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark;
    }

    /// <summary>
    /// Splits a keyword into words, or says why it cannot be one. Only letters, digits, spaces,
    /// hyphens and a final <c>*</c> per word are allowed, because anything else would never be
    /// inside a word of the text and the keyword would silently never match.
    /// </summary>
    internal static KeywordWord[]? Parse(string keyword, out string? problem)
    {
        problem = null;
        var normalised = Normalise(keyword.Trim());
        if (normalised.Length == 0)
        {
            problem = "a keyword is empty";
            return null;
        }

        var words = new List<KeywordWord>();
        foreach (var part in normalised.Split([' ', '\t', '-', '\u2010', '\u2011', '\u00A0'], StringSplitOptions.RemoveEmptyEntries))
        {
            var prefix = part.EndsWith('*');
            var body = prefix ? part[..^1] : part;
            foreach (var c in body)
            {
                if (!IsWordChar(c))
                {
                    problem = c == '*'
                        ? $"keyword '{keyword}': '*' may only end a word"
                        : $"keyword '{keyword}': '{c}' is not a letter, digit, space or hyphen (use a pattern for that)";
                    return null;
                }
            }

            if (body.Length == 0 || (prefix && body.Length < MinimumPrefixLength))
            {
                problem = $"keyword '{keyword}': a word ending in '*' needs at least {MinimumPrefixLength} letters before it";
                return null;
            }

            words.Add(new KeywordWord(body, prefix));
        }

        if (words.Count == 0)
        {
            problem = $"keyword '{keyword}' has no words";
            return null;
        }

        return [.. words];
    }

    /// <summary>
    /// Composed (NFC) text without soft hyphens, so "å" typed as a + combining ring and words broken
    /// with &amp;shy; by a web page match the keywords as written.
    /// </summary>
    internal static string Normalise(string text)
    {
        if (text.Contains('\u00AD', StringComparison.Ordinal))
        {
            text = text.Replace("\u00AD", "", StringComparison.Ordinal);
        }

        return text.IsNormalized(NormalizationForm.FormC) ? text : text.Normalize(NormalizationForm.FormC);
    }

    private static Dictionary<string, int[]> Freeze(Dictionary<string, List<int>> source)
    {
        var frozen = new Dictionary<string, int[]>(source.Count, StringComparer.OrdinalIgnoreCase);
        foreach (var (key, list) in source)
        {
            frozen[key] = [.. list];
        }

        return frozen;
    }
}
