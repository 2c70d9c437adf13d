using System.Globalization;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;

namespace AdvisoryWatch.Hosting.Web;

/// <summary>
/// Times on pages: stored in UTC, shown in the server's time zone (<see cref="TimeProvider.LocalTimeZone"/>)
/// in the reader's language, inside a <c>&lt;time&gt;</c> element that carries the exact instant.
/// </summary>
public sealed class PageTime(TimeProvider time)
{
    public DateTimeOffset Now => time.GetUtcNow();

    /// <summary>The instant in the server's zone.</summary>
    public DateTimeOffset Local(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, time.LocalTimeZone);

    /// <summary>Date and time (short), or an empty string for none.</summary>
    public IHtmlContent Show(DateTimeOffset? at) => at is { } value ? Element(value, "g") : HtmlString.Empty;

    /// <summary>The date alone.</summary>
    public IHtmlContent ShowDate(DateTimeOffset? at) => at is { } value ? Element(value, "d") : HtmlString.Empty;

    private HtmlString Element(DateTimeOffset at, string format)
    {
        var local = Local(at);
        var machine = at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var shown = HtmlEncoder.Default.Encode(local.ToString(format, CultureInfo.CurrentCulture));
        return new HtmlString($"<time datetime=\"{machine}\">{shown}</time>");
    }
}
