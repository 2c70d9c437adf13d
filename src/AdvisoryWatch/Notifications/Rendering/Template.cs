using System.Text;

namespace AdvisoryWatch.Notifications.Rendering;

/// <summary>
/// A template file compiled against the names of its message: every name was resolved to the
/// value it writes when the file was loaded, so rendering walks a small tree and looks nothing up.
/// </summary>
internal sealed class Template
{
    private readonly Node[] _nodes;

    private Template(string file, bool html, Node[] nodes, int frames)
    {
        File = file;
        Html = html;
        _nodes = nodes;
        Frames = frames;
    }

    public string File { get; }

    /// <summary>An <c>.html</c> template: values are HTML-encoded.</summary>
    public bool Html { get; }

    /// <summary>How many scopes can be open at once (the message's own, plus one per list).</summary>
    public int Frames { get; }

    /// <summary>Renders into <paramref name="output"/> with <paramref name="scopes"/> as the outer scopes, outermost first.</summary>
    public void Render(TemplateWriter writer, StringBuilder output, MessageTexts texts, TimeZoneInfo zone, ReadOnlySpan<object> scopes)
    {
        writer.Start(output, Html, texts, zone, Frames);
        scopes.CopyTo(writer.Frames);
        try
        {
            Render(_nodes, writer, scopes.Length);
        }
        finally
        {
            writer.Finish();
        }
    }

    internal static Template Create(string file, bool html, Node[] nodes, int frames) => new(file, html, nodes, frames);

    private static void Render(Node[] nodes, TemplateWriter writer, int open)
    {
        foreach (var node in nodes)
        {
            node.Render(writer, open);
        }
    }

    internal abstract class Node
    {
        public abstract void Render(TemplateWriter writer, int open);
    }

    internal sealed class LiteralNode(string text) : Node
    {
        public string Text { get; } = text;

        public override void Render(TemplateWriter writer, int open) => writer.Literal(Text);
    }

    /// <summary><c>{{name}}</c>: <paramref name="frame"/> is the index of the scope that defines it.</summary>
    internal sealed class ValueNode(int frame, TemplateField field) : Node
    {
        private readonly Action<object, TemplateWriter> _write = field.Write!;

        public override void Render(TemplateWriter writer, int open) => _write(writer.Frames[frame], writer);
    }

    /// <summary><c>{{#name}}</c> or <c>{{^name}}</c> (inverted) with its body.</summary>
    internal sealed class SectionNode(int frame, TemplateField field, bool inverted, Node[] body) : Node
    {
        public override void Render(TemplateWriter writer, int open)
        {
            var scope = writer.Frames[frame];
            if (field.Items is { } items)
            {
                var list = items(scope);
                if (inverted)
                {
                    if (list.Count == 0)
                    {
                        Template.Render(body, writer, open);
                    }

                    return;
                }

                for (var i = 0; i < list.Count; i++)
                {
                    writer.Frames[open] = list[i];
                    Template.Render(body, writer, open + 1);
                }

                writer.Frames[open] = null!;
                return;
            }

            if (field.IsShown!(scope) != inverted)
            {
                Template.Render(body, writer, open);
            }
        }
    }
}
