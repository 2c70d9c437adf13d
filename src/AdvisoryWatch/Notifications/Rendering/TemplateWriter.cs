using System.Text;

namespace AdvisoryWatch.Notifications.Rendering;

/// <summary>
/// Where a template's values go. In an HTML template everything a value writes is HTML-encoded
/// (there is no way to write a value raw), in a text template it goes as it is; either way a value
/// from a source passes through <see cref="SafeText"/> first. Only the template's own text is
/// copied unencoded: that is the operator's markup, not a source's.
/// </summary>
internal sealed class TemplateWriter
{
    private readonly StringBuilder _format = new(512);
    private object[] _frames = new object[8];

    public StringBuilder Output { get; private set; } = new();

    public bool Html { get; private set; }

    public MessageTexts Texts { get; private set; } = MessageTexts.English;

    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;

    /// <summary>The scopes open during a render, outermost first.</summary>
    internal object[] Frames => _frames;

    internal void Start(StringBuilder output, bool html, MessageTexts texts, TimeZoneInfo zone, int frames)
    {
        Output = output;
        Html = html;
        Texts = texts;
        Zone = zone;
        if (_frames.Length < frames)
        {
            _frames = new object[frames];
        }
    }

    /// <summary>Clears the scopes so that a finished render keeps no model alive on this thread.</summary>
    internal void Finish() => Array.Clear(_frames);

    /// <summary>Template text: copied as written.</summary>
    internal void Literal(string text) => Output.Append(text);

    /// <summary>Text that is already one safe line (a fixed string, a shaped name): encoded in HTML.</summary>
    public void Text(ReadOnlySpan<char> value)
    {
        if (Html)
        {
            SafeText.AppendHtml(Output, value);
        }
        else
        {
            Output.Append(value);
        }
    }

    /// <summary>Text from a source: made one line, capped at <paramref name="maxLength"/>, encoded in HTML.</summary>
    public void OneLine(ReadOnlySpan<char> value, int maxLength) => SafeText.AppendOneLine(Output, value, maxLength, Html);

    /// <summary>A link already checked with <see cref="SafeText.IsWebLink"/>.</summary>
    public void Link(Uri uri) => Text(uri.AbsoluteUri);

    /// <summary>A detection time in the reader's zone and language.</summary>
    public void Time(DateTimeOffset utc)
    {
        Span<char> buffer = stackalloc char[96];
        var local = TimeZoneInfo.ConvertTime(utc, Zone);
        if (local.TryFormat(buffer, out var written, Texts.DateTimeFormat, Texts.Culture))
        {
            Text(buffer[..written]);
        }
        else
        {
            Text(local.ToString(Texts.DateTimeFormat, Texts.Culture));
        }
    }

    /// <summary>One of the language's sentences with its arguments (already safe lines) filled in, then encoded whole.</summary>
    public void Format(CompositeFormat format, string arg0, string? arg1 = null)
    {
        _format.Clear().AppendFormat(Texts.Culture, format, arg0, arg1);
        Append(_format);
    }

    /// <summary>A count sentence ("3 endringer", "… 4 more lines changed").</summary>
    public void Count(CompositeFormat one, CompositeFormat many, int count)
    {
        _format.Clear().AppendFormat(Texts.Culture, count == 1 ? one : many, count);
        Append(_format);
    }

    private void Append(StringBuilder builder)
    {
        foreach (var chunk in builder.GetChunks())
        {
            Text(chunk.Span);
        }
    }
}
