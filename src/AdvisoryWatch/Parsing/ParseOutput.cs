using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using AdvisoryWatch.Extraction;

namespace AdvisoryWatch.Parsing;

/// <summary>The two shapes <c>parse</c> prints. The JSON shape is a contract other tools depend on.</summary>
internal static class ParseOutput
{
    public static string Json(ExtractedFeed feed)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("format", feed.Format);
            json.WriteString("title", feed.Title);
            json.WriteString("link", feed.Link);
            json.WriteString("description", feed.Description);
            json.WriteString("language", feed.Language);
            json.WriteString("updated", Iso(feed.Updated));
            json.WriteStartArray("items");
            foreach (var item in feed.Items)
            {
                json.WriteStartObject();
                json.WriteString("id", item.Id);
                json.WriteString("title", item.Title);
                json.WriteString("link", item.Link);
                json.WriteString("published", Iso(item.Published));
                json.WriteString("updated", Iso(item.Updated));
                json.WriteString("summary", item.Summary);
                json.WriteString("content", item.Content);
                WriteStrings(json, "authors", item.Authors);
                WriteStrings(json, "categories", item.Categories);
                if (item.Sha256 is { } sha)
                {
                    json.WriteString("sha256", sha);
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + Environment.NewLine;
    }

    public static string Table(ExtractedFeed feed)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"format    {feed.Format}\n");
        text.Append(CultureInfo.InvariantCulture, $"title     {feed.Title}\n");
        text.Append(CultureInfo.InvariantCulture, $"link      {feed.Link}\n");
        if (feed.Language is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"language  {feed.Language}\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"items     {feed.Items.Count}{(feed.PagesRead > 1 ? $" from {feed.PagesRead} pages" : string.Empty)}\n\n");
        if (feed.Format == "page" && feed.Items.Count == 1)
        {
            var page = feed.Items[0];
            text.Append(CultureInfo.InvariantCulture, $"sha256    {page.Sha256}\n\n{page.Summary}\n");
        }
        else
        {
            text.Append(CultureInfo.InvariantCulture, $"{"PUBLISHED (UTC)",-17}  {"TITLE",-60}  LINK\n");
            foreach (var item in feed.Items)
            {
                var date = item.Published?.Utc?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? (item.Published is null ? "-" : "? " + item.Published.Raw);
                text.Append(CultureInfo.InvariantCulture, $"{Cut(date, 17),-17}  {Cut(item.Title ?? "(no title)", 60),-60}  {item.Link ?? item.Id}\n");
            }
        }

        foreach (var warning in feed.Warnings)
        {
            text.Append(CultureInfo.InvariantCulture, $"\nwarning: {warning}");
        }

        return text.Append('\n').ToString();
    }

    private static string? Iso(ParsedDate? date) =>
        date?.Utc?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    private static void WriteStrings(Utf8JsonWriter json, string name, IReadOnlyList<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }

    private static string Cut(string text, int width) => text.Length <= width ? text : string.Concat(text.AsSpan(0, width - 1), "…");
}
