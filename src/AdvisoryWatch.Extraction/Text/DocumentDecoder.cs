using System.Text;
using System.Text.Unicode;

namespace AdvisoryWatch.Extraction.Text;

/// <summary>Turns a document's bytes into text the way feed readers that cope with the real world do.</summary>
/// <remarks>
/// Order: byte-order mark, then the HTTP charset, then the XML declaration, then UTF-8 with a
/// windows-1252 reading of any byte that is not valid UTF-8. A declared single-byte encoding is
/// overruled when the bytes are valid UTF-8 with multi-byte characters: a server that says
/// ISO-8859-1 about UTF-8 text is a far more common mistake than Latin-1 text that happens to be
/// valid UTF-8.
/// </remarks>
public static class DocumentDecoder
{
    private static readonly Encoding Windows1252 = LoadWindows1252();
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    public static string Decode(ReadOnlySpan<byte> bytes, string? httpCharset, List<string>? warnings)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return DecodeUtf8(bytes[3..], warnings);
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return Encoding.Unicode.GetString(bytes[2..]);
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return Encoding.BigEndianUnicode.GetString(bytes[2..]);
        }

        var declared = Named(httpCharset, warnings, "HTTP charset") ?? Named(ReadXmlDeclaredEncoding(bytes), warnings, "XML declaration");
        if (declared is null || declared.CodePage == Encoding.UTF8.CodePage)
        {
            return DecodeUtf8(bytes, warnings);
        }

        if (declared.IsSingleByte)
        {
            if (Utf8.IsValid(bytes) && bytes.IndexOfAnyInRange((byte)0x80, (byte)0xFF) >= 0)
            {
                warnings?.Add($"declared {declared.WebName} but the bytes are UTF-8; read as UTF-8");
                return StrictUtf8.GetString(bytes);
            }

            return declared.GetString(bytes);
        }

        // UTF-16/32 declared without a byte-order mark, over bytes with no NULs, is a copied
        // declaration, not the real encoding.
        if (declared is UnicodeEncoding or UTF32Encoding && !bytes.Contains((byte)0))
        {
            warnings?.Add($"declared {declared.WebName} but the bytes are not; read as UTF-8");
            return DecodeUtf8(bytes, warnings);
        }

        return declared.GetString(bytes);
    }

    /// <summary>UTF-8, with each byte that is not part of a valid sequence read as windows-1252.</summary>
    public static string DecodeUtf8(ReadOnlySpan<byte> bytes, List<string>? warnings)
    {
        if (Utf8.IsValid(bytes))
        {
            return StrictUtf8.GetString(bytes);
        }

        warnings?.Add("invalid UTF-8 bytes read as windows-1252");
        var builder = new StringBuilder(bytes.Length);
        Span<char> pair = stackalloc char[2];
        Span<byte> single = stackalloc byte[1];
        while (!bytes.IsEmpty)
        {
            var status = System.Text.Rune.DecodeFromUtf8(bytes, out var rune, out var consumed);
            if (status == System.Buffers.OperationStatus.Done)
            {
                var written = rune.EncodeToUtf16(pair);
                builder.Append(pair[..written]);
                bytes = bytes[consumed..];
                continue;
            }

            single[0] = bytes[0];
            builder.Append(Windows1252.GetString(single));
            bytes = bytes[1..];
        }

        return builder.ToString();
    }

    /// <summary>The encoding named in <c>&lt;?xml ... encoding="..."?&gt;</c> at the start of the bytes, if any.</summary>
    public static string? ReadXmlDeclaredEncoding(ReadOnlySpan<byte> bytes)
    {
        var head = bytes[..Math.Min(bytes.Length, 512)];
        var start = head.IndexOf("<?xml"u8);
        if (start < 0)
        {
            return null;
        }

        var end = head[start..].IndexOf("?>"u8);
        if (end < 0)
        {
            return null;
        }

        var declaration = head.Slice(start, end);
        var key = declaration.IndexOf("encoding"u8);
        if (key < 0)
        {
            return null;
        }

        var rest = declaration[(key + 8)..].TrimStart(" \t\r\n="u8);
        if (rest.IsEmpty || (rest[0] != '"' && rest[0] != '\''))
        {
            return null;
        }

        var quote = rest[0];
        var close = rest[1..].IndexOf(quote);
        return close <= 0 ? null : Encoding.ASCII.GetString(rest.Slice(1, close));
    }

    private static Encoding? Named(string? name, List<string>? warnings, string where)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        try
        {
            return Encoding.GetEncoding(name.Trim().Trim('"', '\''));
        }
        catch (ArgumentException)
        {
            warnings?.Add($"unknown encoding '{name}' in the {where}; ignored");
            return null;
        }
    }

    private static Encoding LoadWindows1252()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(1252);
    }
}
