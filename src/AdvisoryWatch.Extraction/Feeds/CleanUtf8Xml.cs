using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Unicode;
using System.Xml;
using AdvisoryWatch.Extraction.Text;

namespace AdvisoryWatch.Extraction.Feeds;

/// <summary>
/// Recognises a document that needs none of the lenient repairs: valid UTF-8, declared as UTF-8
/// or not at all, starting with markup, with no control characters XML forbids and no reference
/// XML does not define. Such a document is read from its bytes without an intermediate string.
/// </summary>
internal static class CleanUtf8Xml
{
    private static readonly SearchValues<byte> IllegalControls = SearchValues.Create(
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 11, 12, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31]);

    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    /// <summary>
    /// Where the markup starts, or null when the document needs the lenient path. References that
    /// XML does not define are rewritten by <see cref="RewriteReferences"/>, which keeps a UTF-8
    /// document on this path.
    /// </summary>
    public static int? Start(ReadOnlySpan<byte> bytes, string? httpCharset)
    {
        var start = bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;
        while (start < bytes.Length && bytes[start] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            start++;
        }

        var body = bytes[start..];
        if (body.IsEmpty || body[0] != '<' || (body.Length > 1 && body[1] == '!' && body.StartsWith("<!DOCTYPE html"u8)))
        {
            return null;
        }

        if (!IsUtf8(httpCharset) || !IsUtf8(DocumentDecoder.ReadXmlDeclaredEncoding(body)))
        {
            return null;
        }

        // A declaration further in means junk before it.
        var declaration = body.IndexOf("<?xml"u8);
        if (declaration > 0 || body.IndexOfAny(IllegalControls) >= 0 || !Utf8.IsValid(body))
        {
            return null;
        }

        return start;
    }

    /// <summary>
    /// Replaces every reference other than XML's five with the character itself, in UTF-8: HTML
    /// named entities (<c>&amp;oslash;</c>) that XML rejects, and numeric references, which
    /// <see cref="System.Xml.XmlReader"/> reads slowly. A stray ampersand becomes <c>&amp;amp;</c>.
    /// CDATA sections are copied as they are. Null when nothing needs rewriting; otherwise the
    /// caller returns the result to <see cref="ArrayPool{T}.Shared"/> when done (a pooled buffer
    /// keeps a large feed from costing two large-object allocations per poll).
    /// </summary>
    public static PooledBytes? RewriteReferences(ReadOnlySpan<byte> body, out int repaired)
    {
        repaired = 0;
        var at = body.IndexOf((byte)'&');
        if (at < 0 || ReferencesAreXml(body))
        {
            return null;
        }

        var output = new PooledBytes(body.Length + (body.Length / 8) + 256);
        var copied = 0;
        var scan = 0;
        var cdata = body.IndexOf("<![CDATA["u8);
        while (true)
        {
            var next = body[scan..].IndexOf((byte)'&');
            if (next < 0)
            {
                break;
            }

            var absolute = scan + next;
            if (cdata >= 0 && cdata < absolute)
            {
                var close = body[cdata..].IndexOf("]]>"u8);
                var cdataEnd = close < 0 ? body.Length : cdata + close + 3;
                var following = cdataEnd < body.Length ? body[cdataEnd..].IndexOf("<![CDATA["u8) : -1;
                cdata = following < 0 ? -1 : cdataEnd + following;
                if (absolute < cdataEnd)
                {
                    scan = cdataEnd;
                    continue;
                }
            }

            var rest = body[(absolute + 1)..];
            var semicolon = rest[..Math.Min(rest.Length, 34)].IndexOf((byte)';');
            var name = semicolon > 0 ? rest[..semicolon] : default;
            if (semicolon > 0 && IsXmlNamed(name))
            {
                scan = absolute + semicolon + 2;
                continue;
            }

            // Only what changes is copied: the text since the last change, then the replacement.
            output.Write(body[copied..absolute]);
            if (semicolon > 0 && TryReplace(name, output, out var dropped))
            {
                copied = absolute + semicolon + 2;
                if (!IsNumeric(name) || dropped)
                {
                    repaired++;
                }
            }
            else
            {
                output.Write("&amp;"u8);
                copied = absolute + 1;
                repaired++;
            }

            scan = copied;
        }

        output.Write(body[copied..]);
        return output;
    }

    // Called for every reference in the document, most of them XML's own: decided by length first.
    private static bool IsXmlNamed(ReadOnlySpan<byte> name) => name.Length switch
    {
        2 => name[1] == 't' && name[0] is (byte)'l' or (byte)'g',
        3 => name.SequenceEqual("amp"u8),
        4 => name.SequenceEqual("quot"u8) || name.SequenceEqual("apos"u8),
        _ => false,
    };

    // Replacement bytes per entity name, so a feed with thousands of &laquo; allocates nothing. Only
    // names that decode are kept (HTML's named entities, a fixed set): an unknown name leaves nothing
    // behind, so a feed of never-seen names cannot grow this.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte[]> NamedReplacements = new(StringComparer.Ordinal);

    /// <summary>How many entity names are cached; bounded by HTML's named entities.</summary>
    internal static int CachedEntityCount => NamedReplacements.Count;

    // What to write for "&name;": the character in UTF-8, a named reference for XML's own five,
    // nothing for a reference to a character XML forbids; null when the name is unknown.
    private static bool TryReplace(ReadOnlySpan<byte> name, PooledBytes output, out bool dropped)
    {
        dropped = false;
        if (name.Length > 1 && name[0] == '#')
        {
            if (!TryCharacterReference(name, out var value))
            {
                dropped = true;
                return true;
            }

            WriteCharacter(new Rune(value), output);
            return true;
        }

        if (name.Length > 32 || name.IndexOfAnyExceptInRange((byte)'0', (byte)'z') >= 0)
        {
            return false;
        }

        Span<char> chars = stackalloc char[name.Length];
        for (var i = 0; i < name.Length; i++)
        {
            chars[i] = (char)name[i];
        }

        var lookup = NamedReplacements.GetAlternateLookup<ReadOnlySpan<char>>();
        if (!lookup.TryGetValue(chars, out var bytes))
        {
            if (PlainText.DecodeEntity(chars) is not { } decoded)
            {
                return false;
            }

            bytes = Encoded(decoded);
            NamedReplacements.TryAdd(new string(chars), bytes);
        }

        output.Write(bytes);
        return true;
    }

    private static byte[] Encoded(string text)
    {
        var output = new ArrayBufferWriter<byte>(8);
        foreach (var rune in text.EnumerateRunes())
        {
            WriteCharacter(rune, output);
        }

        return output.WrittenSpan.ToArray();
    }

    private static void WriteCharacter(Rune rune, IBufferWriter<byte> output)
    {
        switch (rune.Value)
        {
            case '<':
                output.Write("&lt;"u8);
                return;
            case '>':
                output.Write("&gt;"u8);
                return;
            case '&':
                output.Write("&amp;"u8);
                return;
            case '"':
                output.Write("&quot;"u8);
                return;
            case '\'':
                output.Write("&apos;"u8);
                return;
            default:
                var span = output.GetSpan(4);
                output.Advance(rune.EncodeToUtf8(span));
                return;
        }
    }

    private static bool IsNumeric(ReadOnlySpan<byte> name) => name.Length > 1 && name[0] == '#';

    /// <summary>An <see cref="XmlReader"/> over a document <see cref="Start"/> accepted.</summary>
    public static XmlReader Open(ReadOnlyMemory<byte> bytes, XmlReaderSettings settings, XmlParserContext context)
    {
        var stream = MemoryMarshal.TryGetArray(bytes, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(bytes.ToArray(), writable: false);

        // From the bytes, the reader decodes straight into its own buffer, sized to the document
        // when that is small; a TextReader in between would add a buffer of its own and a copy of
        // every character. The reader honours the XML declaration's encoding, which Start has
        // checked is UTF-8; a spelling it might not know ("utf8") goes through a TextReader.
        if (DocumentDecoder.ReadXmlDeclaredEncoding(bytes.Span) is { } declared && !declared.Equals("utf-8", StringComparison.OrdinalIgnoreCase))
        {
            return XmlReader.Create(new StreamReader(stream, Utf8NoBom, detectEncodingFromByteOrderMarks: false, bufferSize: Math.Clamp(bytes.Length, 1024, 32 * 1024)), settings, context);
        }

        return XmlReader.Create(stream, settings, context);
    }

    private static bool IsUtf8(string? charset) =>
        charset is null || charset.Trim().Trim('"').Equals("utf-8", StringComparison.OrdinalIgnoreCase) || charset.Trim().Equals("utf8", StringComparison.OrdinalIgnoreCase);

    private static bool ReferencesAreXml(ReadOnlySpan<byte> body)
    {
        var at = body.IndexOf((byte)'&');
        while (at >= 0)
        {
            var rest = body[(at + 1)..];
            var end = rest[..Math.Min(rest.Length, 12)].IndexOf((byte)';');
            if (end <= 0)
            {
                return false;
            }

            if (!IsXmlNamed(rest[..end]))
            {
                return false;
            }

            var next = rest[(end + 1)..].IndexOf((byte)'&');
            if (next < 0)
            {
                return true;
            }

            body = rest[(end + 1)..];
            at = next;
        }

        return true;
    }

    private static bool TryCharacterReference(ReadOnlySpan<byte> name, out int value)
    {
        value = 0;
        if (name.Length < 2 || name[0] != '#')
        {
            return false;
        }

        var hex = name[1] is (byte)'x' or (byte)'X';
        var digits = hex ? name[2..] : name[1..];
        if (digits.IsEmpty || digits.Length > 7)
        {
            return false;
        }

        foreach (var b in digits)
        {
            int d = b switch
            {
                >= (byte)'0' and <= (byte)'9' => b - '0',
                >= (byte)'a' and <= (byte)'f' when hex => b - 'a' + 10,
                >= (byte)'A' and <= (byte)'F' when hex => b - 'A' + 10,
                _ => -1,
            };
            if (d < 0)
            {
                return false;
            }

            value = (value * (hex ? 16 : 10)) + d;
        }

        return value is 0x9 or 0xA or 0xD or (>= 0x20 and <= 0xD7FF) or (>= 0xE000 and <= 0xFFFD) or (>= 0x10000 and <= 0x10FFFF);
    }
}

/// <summary>A growable byte buffer rented from the shared pool; dispose to give it back.</summary>
internal sealed class PooledBytes(int capacity) : IBufferWriter<byte>, IDisposable
{
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(capacity);
    private int _length;

    public ReadOnlyMemory<byte> Memory => _buffer.AsMemory(0, _length);

    public void Advance(int count) => _length += count;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsMemory(_length);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsSpan(_length);
    }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
        _length = 0;
    }

    private void Ensure(int size)
    {
        if (_buffer.Length - _length >= Math.Max(size, 1))
        {
            return;
        }

        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + size));
        _buffer.AsSpan(0, _length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = larger;
    }
}
