using System.Text.Json;

namespace AdvisoryWatch.Extraction.Feeds;

/// <summary>JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1).</summary>
internal static class JsonFeedReader
{
    public static ExtractionResult<ExtractedFeed> Read(string text, ExtractionContext context, List<string> warnings)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 64, AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            return ExtractionResult<ExtractedFeed>.Failure("malformed", $"not valid JSON at line {(e.LineNumber ?? 0) + 1}, byte {(e.BytePositionInLine ?? 0) + 1}: {e.Message.Split(". ")[0]}");
        }

        using (document)
        {
            var root = document.RootElement;
            // The spec's version is a jsonfeed.org URL; feeds in the wild also write "1.0". An
            // object with an "items" array is read too.
            var isFeed = root.ValueKind == JsonValueKind.Object
                && ((String(root, "version") is { } version && version.Contains("jsonfeed.org/version/", StringComparison.OrdinalIgnoreCase))
                    || (root.TryGetProperty("items", out var list) && list.ValueKind == JsonValueKind.Array));
            if (!isFeed)
            {
                return ExtractionResult<ExtractedFeed>.Failure("not-a-feed", "the JSON is not a JSON Feed: no jsonfeed.org \"version\" and no \"items\" list");
            }

            var feed = new FeedBuilder("json", context, warnings)
            {
                Title = String(root, "title"),
                TitleKind = TextKind.Plain,
                Link = String(root, "home_page_url"),
                Description = String(root, "description"),
                DescriptionKind = TextKind.Plain,
                Language = String(root, "language"),
            };
            AddAuthors(root, feed.Authors);

            if (root.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Array)
            {
                foreach (var entry in items.EnumerateArray())
                {
                    if (!feed.AcceptsItems)
                    {
                        break;
                    }

                    if (entry.ValueKind != JsonValueKind.Object)
                    {
                        continue;
                    }

                    var item = new ItemFields
                    {
                        Guid = String(entry, "id"),
                        GuidIsPermaLink = false,
                        Title = String(entry, "title"),
                        TitleKind = TextKind.Plain,
                        Link = String(entry, "url") ?? String(entry, "external_url"),
                        Published = String(entry, "date_published"),
                        Updated = String(entry, "date_modified"),
                        Summary = String(entry, "summary"),
                        SummaryKind = TextKind.Plain,
                    };
                    if (String(entry, "content_html") is { } html)
                    {
                        item.Content = html;
                        item.ContentKind = TextKind.Html;
                    }
                    else if (String(entry, "content_text") is { } plain)
                    {
                        item.Content = plain;
                        item.ContentKind = TextKind.Plain;
                    }

                    AddAuthors(entry, item.Authors);
                    if (entry.TryGetProperty("tags", out var tags) && tags.ValueKind == JsonValueKind.Array)
                    {
                        foreach (var tag in tags.EnumerateArray())
                        {
                            if (tag.ValueKind == JsonValueKind.String && tag.GetString() is { Length: > 0 } value)
                            {
                                item.Categories.Add(value);
                            }
                        }
                    }

                    feed.Add(item);
                }
            }

            return ExtractionResult<ExtractedFeed>.Success(feed.Build());
        }
    }

    // 1.1 has "authors" (array); 1.0 had "author" (object), which 1.1 still allows.
    private static void AddAuthors(JsonElement element, List<string> authors)
    {
        if (element.TryGetProperty("authors", out var many) && many.ValueKind == JsonValueKind.Array)
        {
            foreach (var author in many.EnumerateArray())
            {
                AddAuthor(author, authors);
            }
        }

        if (authors.Count == 0 && element.TryGetProperty("author", out var single))
        {
            AddAuthor(single, authors);
        }
    }

    private static void AddAuthor(JsonElement author, List<string> authors)
    {
        if (author.ValueKind == JsonValueKind.Object && (String(author, "name") ?? String(author, "url")) is { Length: > 0 } name)
        {
            authors.Add(name);
        }
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
