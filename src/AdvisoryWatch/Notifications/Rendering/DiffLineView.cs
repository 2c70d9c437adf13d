namespace AdvisoryWatch.Notifications.Rendering;

/// <summary>One shown line of a diff: a slice of the stored diff, so nothing is copied until it is written.</summary>
internal sealed class DiffLineView(string diff, DiffLine line, int maxLength)
{
    public DiffLineKind Kind => line.Kind;

    /// <summary>The line without its stored prefix, made one safe line: a U+2028 in page text cannot break the layout.</summary>
    public void Write(TemplateWriter writer)
    {
        var span = diff.AsSpan(line.Start, line.Length);
        writer.OneLine(span[Math.Min(2, span.Length)..], maxLength);
    }
}
