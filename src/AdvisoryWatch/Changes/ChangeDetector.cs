using System.Security.Cryptography;
using System.Text;
using AdvisoryWatch.Contracts;
using AdvisoryWatch.Extraction;
using AdvisoryWatch.Extraction.Text;

namespace AdvisoryWatch.Changes;

/// <summary>What is stored about an advisory, as much as detection needs.</summary>
/// <param name="SourceFingerprint">The item's <see cref="ExtractedItem.SourceFingerprint"/> when it was recorded, if it had one.</param>
/// <param name="Reader">The advisory's <see cref="Advisory.Reader"/>: whose view the key and hashes are.</param>
public sealed record StoredItem(Guid AdvisoryId, string ItemKey, string ContentHash, bool Gone, string? SourceFingerprint = null, string? Reader = null);

/// <summary>One difference between what a source shows now and what is stored.</summary>
/// <param name="Kind">Published, Updated or PageChanged.</param>
/// <param name="Item">The item as read now.</param>
/// <param name="Hash">The item's content hash (see <see cref="ChangeDetector.Hash"/>).</param>
/// <param name="Before">The stored advisory, for an update.</param>
public sealed record Detected(ChangeKind Kind, ExtractedItem Item, string Hash, StoredItem? Before);

/// <summary>
/// Compares what a source shows with what is stored. Pure: the recorder writes the outcome. An item
/// missing from a feed is not a change (feeds roll over); a page's disappearance is detected from
/// the fetch (404/410), not here.
/// </summary>
public static class ChangeDetector
{
    public static IReadOnlyList<Detected> Detect(bool isPage, IReadOnlyDictionary<string, StoredItem> stored, IReadOnlyList<ExtractedItem> items)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(items);
        var result = new List<Detected>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            // A feed that repeats an item (it happens, e.g. in paginated lists) counts it once.
            if (!seen.Add(item.Id))
            {
                continue;
            }

            stored.TryGetValue(item.Id, out var before);
            if (before is { Gone: false, SourceFingerprint: { } recorded }
                && string.Equals(recorded, item.SourceFingerprint, StringComparison.Ordinal))
            {
                // Written exactly as when it was recorded: nothing to decode, sanitise or hash.
                continue;
            }

            var hash = Hash(item);
            if (before is null)
            {
                result.Add(new Detected(isPage ? ChangeKind.PageChanged : ChangeKind.Published, item, hash, null));
            }
            else if (before.Gone || !string.Equals(before.ContentHash, hash, StringComparison.Ordinal))
            {
                result.Add(new Detected(isPage ? ChangeKind.PageChanged : ChangeKind.Updated, item, hash, before));
            }
        }

        return result;
    }

    /// <summary>
    /// SHA-256 over the normalised title, summary and the text of the content: markup-only edits
    /// (a class attribute, a tracking parameter) are not changes. A watched page brings its own.
    /// </summary>
    public static string Hash(ExtractedItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (item.Sha256 is { } pageHash)
        {
            return pageHash;
        }

        var text = string.Join('\n', item.Title ?? string.Empty, item.Summary ?? string.Empty, ContentText(item));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>The text a diff is computed over: a page's text, an item's summary and content text.</summary>
    public static string DiffText(ExtractedItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var content = ContentText(item);
        return content.Length == 0 ? item.Summary ?? string.Empty : content;
    }

    private static string ContentText(ExtractedItem item) =>
        item.Content is { Length: > 0 } html ? HtmlSanitizer.ToPlainText(html) : string.Empty;
}
