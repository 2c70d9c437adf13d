namespace AdvisoryWatch.Extraction.Text;

/// <summary>An allow-list sanitiser over AngleSharp's DOM, and plain-text derivation.</summary>
public static class HtmlSanitizer
{
    /// <summary>Keeps only allowed elements and attributes; links made absolute and given rel="noopener noreferrer".</summary>
    public static string Sanitize(string html, Uri? baseUri)
    {
        throw new NotImplementedException("sanitizer: being written");
    }

    /// <summary>Decoded plain text of an HTML fragment or entity-escaped text, whitespace collapsed.</summary>
    public static string ToPlainText(string html)
    {
        throw new NotImplementedException("plain text: being written");
    }
}
