using System.Globalization;
using System.Text;

namespace AdvisoryWatch.Notifications.Rendering;

/// <summary>
/// Reads a template file (a small, logic-less, Mustache-like language) and compiles it against the
/// names of its message: an unknown name, a list written as a value or a section left open is an
/// error that names the file and the line, found when the template is loaded, never while a
/// message is being rendered.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>{{name}}</c> writes a value (HTML-encoded in an <c>.html</c> template; there is no raw form).</item>
/// <item><c>{{#name}}…{{/name}}</c> repeats for each element of a list, or shows when a value or condition holds;
/// <c>{{^name}}…{{/name}}</c> shows when it does not (an empty list, an absent value, a false condition).</item>
/// <item><c>{{&gt; name}}</c> includes the partial <c>_name.html</c> (or <c>.txt</c>); inside a line, its last line break is left out.</item>
/// <item><c>{{! comment }}</c> writes nothing.</item>
/// <item>A line holding only a section, closing, comment or partial tag leaves no line behind.</item>
/// <item><c>~</c> inside the braces (<c>{{~#name}}</c>, <c>{{/name~}}</c>) removes the white space and line breaks before or after the tag.</item>
/// </list>
/// </remarks>
internal static class TemplateParser
{
    private const int MaxPartialDepth = 8;

    /// <summary>Compiles <paramref name="source"/>; <paramref name="partials"/> finds a partial's file name and text by name, or null.</summary>
    /// <param name="scopes">The schemas of the scopes open at the start, outermost first.</param>
    public static Template Compile(string file, string source, IReadOnlyList<TemplateSchema> scopes, Func<string, (string File, string Source)?> partials)
    {
        var html = file.EndsWith(".html", StringComparison.OrdinalIgnoreCase);
        var chain = new List<TemplateSchema>(scopes);
        var maxFrames = chain.Count;
        var nodes = CompileNodes(file, source, chain, partials, html, 0, ref maxFrames);
        return Template.Create(file, html, nodes, maxFrames);
    }

    private static Template.Node[] CompileNodes(string file, string source, List<TemplateSchema> chain, Func<string, (string File, string Source)?> partials, bool html, int depth, ref int maxFrames)
    {
        var tokens = Tokenize(file, source);
        RemoveStandaloneLines(tokens);
        ApplyTrims(tokens);
        var root = new List<Template.Node>();
        var open = new Stack<(Token Tag, TemplateField Field, int Frame, List<Template.Node> Outer, bool PushedScope)>();
        var current = root;
        var literal = new StringBuilder();

        void Flush()
        {
            if (literal.Length > 0)
            {
                current.Add(new Template.LiteralNode(literal.ToString()));
                literal.Clear();
            }
        }

        foreach (var token in tokens)
        {
            switch (token.Kind)
            {
                case TokenKind.Text:
                    literal.Append(token.Text);
                    break;
                case TokenKind.Comment:
                    break;
                case TokenKind.Value:
                {
                    var (field, frame) = Resolve(file, token, chain);
                    if (field.Kind != TemplateFieldKind.Value)
                    {
                        throw Error(file, token, field.Kind == TemplateFieldKind.List
                            ? $"'{token.Name}' is a list: repeat it with {{{{#{token.Name}}}}}…{{{{/{token.Name}}}}}"
                            : $"'{token.Name}' is a yes/no condition: use it as {{{{#{token.Name}}}}}…{{{{/{token.Name}}}}}");
                    }

                    Flush();
                    current.Add(new Template.ValueNode(frame, field));
                    break;
                }

                case TokenKind.Section:
                case TokenKind.Inverted:
                {
                    var (field, frame) = Resolve(file, token, chain);
                    Flush();
                    var pushes = token.Kind == TokenKind.Section && field.Kind == TemplateFieldKind.List;
                    open.Push((token, field, frame, current, pushes));
                    if (pushes)
                    {
                        chain.Add(field.ItemSchema!);
                        maxFrames = Math.Max(maxFrames, chain.Count);
                    }

                    current = [];
                    break;
                }

                case TokenKind.Close:
                {
                    if (open.Count == 0)
                    {
                        throw Error(file, token, $"{{{{/{token.Name}}}}} closes nothing");
                    }

                    var (tag, field, frame, outer, pushed) = open.Pop();
                    if (!string.Equals(tag.Name, token.Name, StringComparison.Ordinal))
                    {
                        throw Error(file, token, $"{{{{/{token.Name}}}}} closes {{{{{(tag.Kind == TokenKind.Section ? '#' : '^')}{tag.Name}}}}} of line {tag.Line}");
                    }

                    Flush();
                    if (pushed)
                    {
                        chain.RemoveAt(chain.Count - 1);
                    }

                    outer.Add(new Template.SectionNode(frame, field, tag.Kind == TokenKind.Inverted, [.. current]));
                    current = outer;
                    break;
                }

                case TokenKind.Partial:
                {
                    if (depth >= MaxPartialDepth)
                    {
                        throw Error(file, token, $"partials nested deeper than {MaxPartialDepth} (does a partial include itself?)");
                    }

                    if (partials(token.Name) is not { } partial)
                    {
                        throw Error(file, token, $"no partial '{token.Name}' (a file _{token.Name}{(html ? ".html" : ".txt")})");
                    }

                    var text = partial.Source;
                    if (!token.Standalone && text.EndsWith('\n'))
                    {
                        text = text[..^(text.EndsWith("\r\n", StringComparison.Ordinal) ? 2 : 1)];
                    }

                    Flush();
                    current.AddRange(CompileNodes(partial.File, text, chain, partials, html, depth + 1, ref maxFrames));
                    break;
                }
            }
        }

        if (open.Count > 0)
        {
            var (tag, _, _, _, _) = open.Peek();
            throw Error(file, tag, $"{{{{{(tag.Kind == TokenKind.Section ? '#' : '^')}{tag.Name}}}}} is never closed with {{{{/{tag.Name}}}}}");
        }

        Flush();
        return [.. root];
    }

    private static (TemplateField Field, int Frame) Resolve(string file, Token token, List<TemplateSchema> chain)
    {
        for (var i = chain.Count - 1; i >= 0; i--)
        {
            if (chain[i].TryGet(token.Name, out var field))
            {
                return (field, i);
            }
        }

        var known = chain.SelectMany(s => s.Fields).Select(f => f.Name).Distinct().Order(StringComparer.Ordinal);
        throw Error(file, token, $"unknown name '{token.Name}' in {chain[^1].Scope}; the names here are {string.Join(", ", known)}");
    }

    private static TemplateException Error(string file, Token token, string message) =>
        new(string.Create(CultureInfo.InvariantCulture, $"{file} line {token.Line}, column {token.Column}: {message}."));

    private static List<Token> Tokenize(string file, string source)
    {
        var tokens = new List<Token>();
        var position = 0;
        var line = 1;
        var lineStart = 0;
        while (position < source.Length)
        {
            var open = source.IndexOf("{{", position, StringComparison.Ordinal);
            var textEnd = open < 0 ? source.Length : open;

            // Text is split after each line break, so that a line's tokens can be told apart.
            while (position < textEnd)
            {
                var newline = source.IndexOf('\n', position, textEnd - position);
                var end = newline < 0 ? textEnd : newline + 1;
                tokens.Add(new Token(TokenKind.Text, source[position..end], line, position - lineStart + 1));
                if (newline >= 0)
                {
                    line++;
                    lineStart = end;
                }

                position = end;
            }

            if (open < 0)
            {
                break;
            }

            var column = open - lineStart + 1;
            var close = source.IndexOf("}}", open + 2, StringComparison.Ordinal);
            if (close < 0)
            {
                throw Error(file, new Token(TokenKind.Text, string.Empty, line, column), "'{{' is never closed with '}}'");
            }

            var inner = source.AsSpan(open + 2, close - open - 2);
            var token = ParseTag(file, inner, line, column);
            tokens.Add(token);
            for (var i = open; i < close; i++)
            {
                if (source[i] == '\n')
                {
                    line++;
                    lineStart = i + 1;
                }
            }

            position = close + 2;
        }

        return tokens;
    }

    private static Token ParseTag(string file, ReadOnlySpan<char> inner, int line, int column)
    {
        var trimBefore = inner.StartsWith('~');
        if (trimBefore)
        {
            inner = inner[1..];
        }

        var trimAfter = inner.EndsWith('~');
        if (trimAfter)
        {
            inner = inner[..^1];
        }

        var at = new Token(TokenKind.Text, string.Empty, line, column);
        if (inner.IsEmpty)
        {
            throw Error(file, at, "an empty tag");
        }

        var kind = inner[0] switch
        {
            '#' => TokenKind.Section,
            '^' => TokenKind.Inverted,
            '/' => TokenKind.Close,
            '!' => TokenKind.Comment,
            '>' => TokenKind.Partial,
            '{' or '&' => throw Error(file, at, "there is no raw output: every value is written encoded; write {{name}}"),
            _ => TokenKind.Value,
        };
        var name = (kind == TokenKind.Value ? inner : inner[1..]).Trim();
        if (kind != TokenKind.Comment)
        {
            if (name.IsEmpty)
            {
                throw Error(file, at, "a tag without a name");
            }

            foreach (var c in name)
            {
                if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
                {
                    throw Error(file, at, $"'{name}' is not a name (letters, digits, '-' and '_' only)");
                }
            }
        }

        return new Token(kind, kind == TokenKind.Comment ? string.Empty : name.ToString(), line, column) { TrimBefore = trimBefore, TrimAfter = trimAfter };
    }

    /// <summary>A line with one section, closing, comment or partial tag and nothing else but spaces and tabs leaves no line behind.</summary>
    private static void RemoveStandaloneLines(List<Token> tokens)
    {
        var start = 0;
        while (start < tokens.Count)
        {
            var end = start;
            while (end < tokens.Count && !(tokens[end].Kind == TokenKind.Text && tokens[end].Text.EndsWith('\n')))
            {
                end++;
            }

            // tokens[start..end] is one line (end is its line-break text, or past the end).
            var last = Math.Min(end, tokens.Count - 1);
            var tag = -1;
            var standalone = true;
            for (var i = start; i <= last && standalone; i++)
            {
                var token = tokens[i];
                if (token.Kind == TokenKind.Text)
                {
                    standalone = token.Text.AsSpan().Trim(" \t\r\n").IsEmpty;
                }
                else if (tag < 0 && token.Kind is TokenKind.Section or TokenKind.Inverted or TokenKind.Close or TokenKind.Comment or TokenKind.Partial)
                {
                    tag = i;
                }
                else
                {
                    standalone = false;
                }
            }

            if (standalone && tag >= 0)
            {
                tokens[tag] = tokens[tag] with { Standalone = true };
                for (var i = last; i >= start; i--)
                {
                    if (i != tag)
                    {
                        tokens.RemoveAt(i);
                    }
                }

                start++;
            }
            else
            {
                start = end + 1;
            }
        }
    }

    private static void ApplyTrims(List<Token> tokens)
    {
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (token.Kind == TokenKind.Text)
            {
                continue;
            }

            if (token.TrimBefore)
            {
                for (var j = i - 1; j >= 0 && tokens[j].Kind == TokenKind.Text; j--)
                {
                    var trimmed = tokens[j].Text.TrimEnd();
                    tokens[j] = tokens[j] with { Text = trimmed };
                    if (trimmed.Length > 0)
                    {
                        break;
                    }
                }
            }

            if (token.TrimAfter)
            {
                for (var j = i + 1; j < tokens.Count && tokens[j].Kind == TokenKind.Text; j++)
                {
                    var trimmed = tokens[j].Text.TrimStart();
                    tokens[j] = tokens[j] with { Text = trimmed };
                    if (trimmed.Length > 0)
                    {
                        break;
                    }
                }
            }
        }
    }

    private enum TokenKind
    {
        Text,
        Value,
        Section,
        Inverted,
        Close,
        Comment,
        Partial,
    }

    private sealed record Token(TokenKind Kind, string Text, int Line, int Column)
    {
        public string Name => Text;

        public bool TrimBefore { get; init; }

        public bool TrimAfter { get; init; }

        public bool Standalone { get; init; }
    }
}
