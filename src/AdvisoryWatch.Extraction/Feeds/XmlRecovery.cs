using System.Globalization;
using System.Text;

namespace AdvisoryWatch.Extraction.Feeds;

/// <summary>
/// Makes a document that is not well-formed XML readable again, the way a feed reader with a loose
/// parser reads it: one pass over the tags with a stack of open elements. An end tag closes the
/// elements left open inside it; a stray end tag is dropped; an item or entry closes whatever was
/// left open before it in its channel or feed (an unclosed element in an iTunes block must not turn
/// every item after it into its children); a tag that cannot be read is dropped; a document that
/// ends early is closed, leaving out the item it ended in. Everything it changes is a warning.
/// </summary>
/// <remarks>Runs only after the strict reading failed, so its cost never falls on a good feed.</remarks>
internal static class XmlRecovery
{
    private const int MaxNotes = 5;

    public static string Balance(string text, List<string> warnings)
    {
        return new Balancer(text).Run(warnings);
    }

    private static bool IsContainer(string local) => local is "channel" or "rss" or "RDF" or "feed";

    private static bool IsItem(string local) => local is "item" or "entry";

    private static string LocalName(string name)
    {
        var colon = name.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? name : name[(colon + 1)..];
    }

    private static string Prefix(string name)
    {
        var colon = name.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? string.Empty : name[..colon];
    }

    private static bool IsNameStart(char c) => char.IsLetter(c) || c == '_' || c == ':';

    private static bool IsNameChar(char c) => char.IsLetterOrDigit(c) || c is '_' or ':' or '-' or '.' || c == '\u00B7';

    private sealed class Balancer(string text)
    {
        private readonly StringBuilder _output = new(text.Length + 64);
        private readonly List<(string Name, int At)> _open = [];
        private readonly List<string> _notes = [];
        private int _changes;
        private bool _rootClosed;
        private int _i;

        public string Run(List<string> warnings)
        {
            while (_i < text.Length)
            {
                var lt = text.IndexOf('<', _i);
                if (lt < 0)
                {
                    Text(text.AsSpan(_i));
                    break;
                }

                Text(text.AsSpan(_i, lt - _i));
                _i = lt;
                if (!Markup())
                {
                    break;
                }
            }

            Finish();
            if (_changes > 0)
            {
                var more = _changes > _notes.Count ? string.Create(CultureInfo.InvariantCulture, $" and {_changes - _notes.Count} more") : string.Empty;
                warnings.Add($"recovered: {string.Join("; ", _notes)}{more}");
            }

            return _output.ToString();
        }

        private void Note(string what)
        {
            _changes++;
            if (_notes.Count < MaxNotes)
            {
                _notes.Add(what);
            }
        }

        private void Text(ReadOnlySpan<char> span)
        {
            if (span.IsEmpty)
            {
                return;
            }

            if (_open.Count == 0)
            {
                // Text outside the root: whitespace is kept, anything else was never part of the feed.
                if (!span.IsWhiteSpace() && _rootClosed)
                {
                    Note("text after the end of the document dropped");
                }

                return;
            }

            _output.Append(span);
        }

        // False when the rest of the document cannot be read (it ends inside a tag).
        private bool Markup()
        {
            var rest = text.AsSpan(_i);
            if (rest.StartsWith("<!--", StringComparison.Ordinal))
            {
                return Skip("-->", copy: false);
            }

            if (rest.StartsWith("<![CDATA[", StringComparison.Ordinal))
            {
                if (_open.Count == 0)
                {
                    return Skip("]]>", copy: false);
                }

                var end = text.IndexOf("]]>", _i + 9, StringComparison.Ordinal);
                if (end < 0)
                {
                    _i = text.Length;
                    return false;
                }

                _output.Append(text, _i, end + 3 - _i);
                _i = end + 3;
                return true;
            }

            if (rest.StartsWith("<?", StringComparison.Ordinal))
            {
                // The declaration is kept where it is allowed, at the very start; other processing
                // instructions mean nothing to a feed.
                return Skip("?>", copy: _output.Length == 0 && rest.StartsWith("<?xml", StringComparison.Ordinal));
            }

            if (rest.StartsWith("<!", StringComparison.Ordinal))
            {
                return Declaration();
            }

            if (rest.StartsWith("</", StringComparison.Ordinal))
            {
                return EndTag();
            }

            if (rest.Length > 1 && IsNameStart(rest[1]))
            {
                return StartTag();
            }

            // A '<' that starts no tag is text ("a < b").
            if (_open.Count > 0)
            {
                _output.Append("&lt;");
                Note("a stray '<' read as text");
            }

            _i++;
            return true;
        }

        private bool Skip(string terminator, bool copy)
        {
            var end = text.IndexOf(terminator, _i, StringComparison.Ordinal);
            if (end < 0)
            {
                _i = text.Length;
                return false;
            }

            end += terminator.Length;
            if (copy)
            {
                _output.Append(text, _i, end - _i);
            }

            _i = end;
            return true;
        }

        // <!DOCTYPE ...> with an optional [internal subset]: kept before the root, else dropped.
        private bool Declaration()
        {
            var j = _i + 2;
            var brackets = 0;
            while (j < text.Length && (text[j] != '>' || brackets > 0))
            {
                brackets += text[j] == '[' ? 1 : text[j] == ']' ? -1 : 0;
                j++;
            }

            if (j >= text.Length)
            {
                _i = text.Length;
                return false;
            }

            if (_output.Length == 0 || (_open.Count == 0 && !_rootClosed))
            {
                _output.Append(text, _i, j + 1 - _i);
            }

            _i = j + 1;
            return true;
        }

        private bool EndTag()
        {
            var j = _i + 2;
            while (j < text.Length && IsNameChar(text[j]))
            {
                j++;
            }

            var name = text[(_i + 2)..j];
            var close = text.IndexOf('>', j);
            var nextTag = text.IndexOf('<', j);
            if (close < 0)
            {
                _i = text.Length;
                return false;
            }

            if (nextTag >= 0 && nextTag < close)
            {
                Note($"a broken end tag </{name}> dropped");
                _i = nextTag;
                return true;
            }

            _i = close + 1;
            var at = FindOpen(name);
            if (at < 0)
            {
                Note($"a stray </{name}> dropped");
                return true;
            }

            for (var k = _open.Count - 1; k > at; k--)
            {
                Note($"an unclosed <{_open[k].Name}> closed");
                CloseTop();
            }

            CloseTop();
            return true;
        }

        private int FindOpen(string name)
        {
            for (var k = _open.Count - 1; k >= 0; k--)
            {
                if (string.Equals(_open[k].Name, name, StringComparison.OrdinalIgnoreCase))
                {
                    return k;
                }
            }

            return -1;
        }

        private void CloseTop()
        {
            var (name, _) = _open[^1];
            _open.RemoveAt(_open.Count - 1);
            _output.Append("</").Append(name).Append('>');
            _rootClosed |= _open.Count == 0;
        }

        private bool StartTag()
        {
            var j = _i + 1;
            while (j < text.Length && IsNameChar(text[j]))
            {
                j++;
            }

            var name = text[(_i + 1)..j];
            var tag = new StringBuilder().Append('<').Append(name);
            var attributes = new HashSet<string>(StringComparer.Ordinal);
            var selfClosing = false;
            while (true)
            {
                while (j < text.Length && char.IsWhiteSpace(text[j]))
                {
                    j++;
                }

                if (j >= text.Length)
                {
                    _i = text.Length;
                    return false;
                }

                var c = text[j];
                if (c == '>')
                {
                    j++;
                    break;
                }

                if (c == '/' && j + 1 < text.Length && text[j + 1] == '>')
                {
                    selfClosing = true;
                    j += 2;
                    break;
                }

                if (c == '<')
                {
                    // The tag never ended: keep what was read of it as a tag of its own.
                    Note($"the unfinished tag <{name}> ended");
                    break;
                }

                if (!IsNameStart(c))
                {
                    j++;
                    continue;
                }

                var attrStart = j;
                while (j < text.Length && IsNameChar(text[j]))
                {
                    j++;
                }

                var attr = text[attrStart..j];
                while (j < text.Length && char.IsWhiteSpace(text[j]))
                {
                    j++;
                }

                string value;
                if (j < text.Length && text[j] == '=')
                {
                    j++;
                    while (j < text.Length && char.IsWhiteSpace(text[j]))
                    {
                        j++;
                    }

                    if (j < text.Length && text[j] is '"' or '\'')
                    {
                        var quote = text[j];
                        var end = text.IndexOf(quote, j + 1);
                        if (end < 0)
                        {
                            _i = text.Length;
                            return false;
                        }

                        value = text[(j + 1)..end];
                        j = end + 1;
                    }
                    else
                    {
                        var start = j;
                        while (j < text.Length && !char.IsWhiteSpace(text[j]) && text[j] is not '>' and not '<')
                        {
                            j++;
                        }

                        value = text[start..j];
                        Note($"an unquoted attribute on <{name}> quoted");
                    }
                }
                else
                {
                    value = attr;
                    Note($"an attribute without a value on <{name}> given one");
                }

                if (!attributes.Add(attr))
                {
                    Note($"a repeated attribute on <{name}> dropped");
                    continue;
                }

                tag.Append(' ').Append(attr).Append("=\"").Append(value.Replace("<", "&lt;", StringComparison.Ordinal).Replace("\"", "&quot;", StringComparison.Ordinal)).Append('"');
            }

            _i = j;
            if (_open.Count == 0 && _rootClosed)
            {
                Note($"<{name}> after the end of the document dropped");
                if (!selfClosing)
                {
                    SkipElement(name);
                }

                return true;
            }

            CloseBeforeItem(name);
            if (selfClosing)
            {
                _output.Append(tag).Append("/>");
                _rootClosed |= _open.Count == 0;
            }
            else
            {
                _open.Add((name, _output.Length));
                _output.Append(tag).Append('>');
            }

            return true;
        }

        // An item or entry belongs to the nearest channel or feed: what is still open inside that
        // container was left unclosed by mistake.
        private void CloseBeforeItem(string name)
        {
            if (!IsItem(LocalName(name)))
            {
                return;
            }

            for (var k = _open.Count - 1; k >= 0; k--)
            {
                var open = _open[k].Name;
                if (!IsContainer(LocalName(open)))
                {
                    continue;
                }

                // An extension's own <x:item> inside an item is not an item of the feed.
                if (Prefix(open) == Prefix(name) || (Prefix(name).Length == 0 && LocalName(open) is "RDF" or "rss"))
                {
                    for (var m = _open.Count - 1; m > k; m--)
                    {
                        Note($"an unclosed <{_open[m].Name}> closed before <{name}>");
                        CloseTop();
                    }
                }

                return;
            }
        }

        private void SkipElement(string name)
        {
            var end = text.IndexOf("</" + name, _i, StringComparison.OrdinalIgnoreCase);
            var close = end < 0 ? -1 : text.IndexOf('>', end);
            _i = close < 0 ? text.Length : close + 1;
        }

        private void Finish()
        {
            if (_open.Count == 0)
            {
                return;
            }

            // The document ended early. An item open at the cut lost its end (and maybe its title or
            // guid); announcing it would be announcing something the source did not say.
            var cut = -1;
            for (var k = 0; k < _open.Count; k++)
            {
                if (IsItem(LocalName(_open[k].Name)))
                {
                    cut = k;
                    break;
                }
            }

            Note("the document ends early, inside <" + _open[^1].Name + ">" + (cut >= 0 ? $"; the incomplete <{_open[cut].Name}> at the end was left out" : string.Empty));
            if (cut >= 0)
            {
                _output.Length = _open[cut].At;
                _open.RemoveRange(cut, _open.Count - cut);
            }

            while (_open.Count > 0)
            {
                CloseTop();
            }
        }
    }
}
