namespace AdvisoryWatch.Extraction;

/// <summary>What an authority published, read from a feed, an HTML list or a watched page.</summary>
/// <param name="Format">
/// <c>rss2.0</c>, <c>rss1.0</c>, <c>rss0.9x</c>, <c>atom1.0</c>, <c>atom0.3</c>, <c>json</c>,
/// <c>html-list</c> or <c>page</c>.
/// </param>
public sealed record ExtractedFeed(
    string Format,
    string? Title,
    string? Link,
    string? Description,
    string? Language,
    ParsedDate? Updated,
    IReadOnlyList<ExtractedItem> Items)
{
    /// <summary>Recoverable problems met while reading (a stray ampersand, an unknown date form, ...).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>For an HTML list with a next-page selector: the pages that were read.</summary>
    public int PagesRead { get; init; } = 1;
}

/// <summary>One advisory, news item or guidance page.</summary>
/// <param name="Id">Stable identity: guid, else normalised link, else a hash of title and date.</param>
/// <param name="Summary">Decoded plain text.</param>
/// <param name="Content">HTML sanitised by the allow-list, or null.</param>
public sealed record ExtractedItem(
    string Id,
    string? Title,
    string? Link,
    ParsedDate? Published,
    ParsedDate? Updated,
    string? Summary,
    string? Content,
    IReadOnlyList<string> Authors,
    IReadOnlyList<string> Categories)
{
    private Func<string?>? _pendingContent;
    private string? _content = Content;
    private Func<string?>? _pendingSummary;
    private string? _summary = Summary;

    /// <summary>Decoded plain text, derived from the source's HTML on first read (see <see cref="Content"/>).</summary>
    public string? Summary
    {
        get
        {
            if (_pendingSummary is { } pending)
            {
                _summary = pending();
                _pendingSummary = null;
            }

            return _summary;
        }

        init => _summary = value;
    }

    /// <summary>
    /// HTML sanitised by the allow-list, or null. Sanitising costs about a third of a parse, so a feed parser hands
    /// over the raw content and it is sanitised on first read: a poll that sees 200 known items
    /// sanitises only the new or changed ones it stores.
    /// </summary>
    public string? Content
    {
        get
        {
            if (_pendingContent is { } pending)
            {
                _content = pending();
                _pendingContent = null;
            }

            return _content;
        }

        init => _content = value;
    }

    /// <summary>For a watched page: the SHA-256 of its normalised text.</summary>
    public string? Sha256 { get; init; }

    /// <summary>
    /// The item's own identifier as the source wrote it (RSS guid, Atom id, JSON Feed id, RDF
    /// about), or null when it has none. <see cref="Id"/> is the identity change detection uses,
    /// which falls back to the link or a hash.
    /// </summary>
    public string? WrittenId { get; init; }

    /// <summary>
    /// The item's link as the source wrote it, resolved only against the document's own base
    /// (xml:base, the URL it was read from, or the base an admin named); a relative link with
    /// nothing to resolve it against is kept as written. <see cref="Link"/> is the normalised form.
    /// </summary>
    public string? WrittenLink { get; init; }

    /// <summary>What was recovered or repaired in this item (a repaired text, a guessed link, ...).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>The content as the source wrote it (before sanitising), for change detection without a DOM.</summary>
    public string? RawContent { get; private init; }

    /// <summary>The summary as the source wrote it (before decoding), for change detection.</summary>
    public string? RawSummary { get; private init; }

    /// <summary>
    /// For a feed item: a SHA-256 over the title, summary and content as the source wrote them, with
    /// how each was marked up — everything its derived <see cref="Summary"/> and <see cref="Content"/>
    /// are made from. Equal fingerprints mean equal derived fields, so a poll can tell a known item
    /// unchanged without decoding or sanitising it. Null for items built with derived fields.
    /// </summary>
    public string? SourceFingerprint => _sourceFingerprint ??= _sourceKinds is var (summary, content) ? Fingerprint(Title, summary, content, RawSummary, RawContent) : null;

    private string? _sourceFingerprint;
    private (Feeds.TextKind Summary, Feeds.TextKind Content)? _sourceKinds;

    /// <summary>An item whose summary and content are derived on first read.</summary>
    /// <param name="summaryKind">How the raw summary is marked up (part of the fingerprint).</param>
    /// <param name="contentKind">How the raw content is marked up (likewise).</param>
    internal static ExtractedItem Pending(string id, string? title, string? link, ParsedDate? published, ParsedDate? updated, IReadOnlyList<string> authors, IReadOnlyList<string> categories, Feeds.TextKind summaryKind, Feeds.TextKind contentKind, string? rawSummary, Func<string?>? summary, string? rawContent, Func<string?>? content, ItemOrigin origin) =>
        new(id, title, link, published, updated, null, null, authors, categories)
        {
            WrittenId = origin.Id,
            WrittenLink = origin.Link,
            Warnings = origin.Warnings,
            _sourceKinds = (summaryKind, contentKind),
            RawSummary = rawSummary,
            _pendingSummary = summary,
            RawContent = rawContent,
            _pendingContent = content,
        };

    /// <summary>Each part is length-prefixed, so no two different items hash the same input.</summary>
    private static string Fingerprint(string? title, Feeds.TextKind summaryKind, Feeds.TextKind contentKind, string? summary, string? content)
    {
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        Span<byte> buffer = stackalloc byte[1024];
        Span<byte> length = stackalloc byte[sizeof(int)];
        buffer[0] = (byte)summaryKind;
        buffer[1] = (byte)contentKind;
        hash.AppendData(buffer[..2]);
        foreach (var part in (ReadOnlySpan<string?>)[title, summary, content])
        {
            var text = part.AsSpan();
            System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(length, part is null ? -1 : text.Length);
            hash.AppendData(length);
            while (!text.IsEmpty)
            {
                // Whole chars per chunk: a surrogate pair is never split between two encodings.
                var take = Math.Min(text.Length, buffer.Length / 3);
                if (take < text.Length && char.IsHighSurrogate(text[take - 1]))
                {
                    take--;
                }

                var written = System.Text.Encoding.UTF8.GetBytes(text[..take], buffer);
                hash.AppendData(buffer[..written]);
                text = text[take..];
            }
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}

/// <summary>What an item's source wrote for its identity and link, and what was repaired in it.</summary>
internal sealed record ItemOrigin(string? Id, string? Link, IReadOnlyList<string> Warnings);

/// <summary>A date as the source wrote it, and its UTC reading when it could be read.</summary>
public sealed record ParsedDate(string Raw, DateTimeOffset? Utc);

/// <summary>A watched page: its main text, normalised, and the hash that detects a change.</summary>
/// <param name="Text">Normalised plain text of the content (kept so later versions can be diffed).</param>
/// <param name="Sha256">Lower-case hex SHA-256 of <paramref name="Text"/> in UTF-8.</param>
public sealed record ExtractedPage(string? Title, string Text, string Sha256, string Url);

/// <summary>Why a document could not be read: what went wrong and where.</summary>
/// <param name="Code">A stable machine-readable code, e.g. <c>not-a-feed</c>, <c>too-large</c>, <c>selector-matched-nothing</c>.</param>
/// <param name="Message">One line for a person: what and where.</param>
public sealed record ExtractionError(string Code, string Message)
{
    public override string ToString() => $"{Code}: {Message}";
}

/// <summary>A typed outcome: a value or an error, never an exception for an expected failure.</summary>
public sealed class ExtractionResult<T>
    where T : class
{
    private ExtractionResult(T? value, ExtractionError? error)
    {
        Value = value;
        Error = error;
    }

    public T? Value { get; }

    public ExtractionError? Error { get; }

    [System.Diagnostics.CodeAnalysis.MemberNotNullWhen(true, nameof(Value))]
    [System.Diagnostics.CodeAnalysis.MemberNotNullWhen(false, nameof(Error))]
    public bool Succeeded => Error is null;

#pragma warning disable CA1000 // Static factories on the generic result read best at the call site.
    public static ExtractionResult<T> Success(T value) => new(value, null);

    public static ExtractionResult<T> Failure(string code, string message) => new(null, new ExtractionError(code, message));
#pragma warning restore CA1000
}
