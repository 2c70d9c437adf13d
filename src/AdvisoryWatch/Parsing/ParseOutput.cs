using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using AdvisoryWatch.Extraction;

namespace AdvisoryWatch.Parsing;

/// <summary>The two shapes <c>parse</c> prints. The JSON shape is a contract other tools depend on.</summary>
internal static class ParseOutput
{
    /// <summary>Items written between flushes: output goes out as it is made, so a large feed is never held twice.</summary>
    private const int FlushEvery = 256;

    public static string Json(ExtractedFeed feed)
    {
        using var buffer = new MemoryStream();
        WriteJsonAsync(feed, buffer, CancellationToken.None).GetAwaiter().GetResult();
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>
    /// <c>id</c> and <c>link</c> are what the source wrote (null when it wrote none); <c>key</c> and
    /// <c>canonicalLink</c> are what change detection uses. <c>warnings</c> are the ones the table shows.
    /// </summary>
    public static async Task WriteJsonAsync(ExtractedFeed feed, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(feed);
        await using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        json.WriteStartObject();
        json.WriteString("format", feed.Format);
        json.WriteString("title", feed.Title);
        json.WriteString("link", feed.Link);
        json.WriteString("description", feed.Description);
        json.WriteString("language", feed.Language);
        json.WriteString("updated", Iso(feed.Updated));
        WriteStrings(json, "warnings", feed.Warnings);
        json.WriteStartArray("items");
        var written = 0;
        foreach (var item in feed.Items)
        {
            json.WriteStartObject();
            json.WriteString("id", item.WrittenId);
            json.WriteString("key", item.Id);
            json.WriteString("title", item.Title);
            json.WriteString("link", item.WrittenLink);
            json.WriteString("canonicalLink", item.Link);
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

            WriteStrings(json, "warnings", item.Warnings);
            json.WriteEndObject();
            if (++written % FlushEvery == 0)
            {
                await json.FlushAsync(cancellationToken);
            }
        }

        json.WriteEndArray();
        json.WriteEndObject();
        await json.FlushAsync(cancellationToken);
        await output.WriteAsync(Encoding.UTF8.GetBytes(Environment.NewLine), cancellationToken);
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

        for (var i = 0; i < feed.Items.Count; i++)
        {
            foreach (var warning in feed.Items[i].Warnings)
            {
                text.Append(CultureInfo.InvariantCulture, $"\nwarning: item {i + 1} ({Cut(feed.Items[i].Title ?? "no title", 40)}): {warning}");
            }
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
