using AdvisoryWatch.Extraction;

namespace AdvisoryWatch.Sources;

/// <summary>How a source is read.</summary>
public enum SourceKind
{
    /// <summary>RSS, Atom or JSON Feed.</summary>
    Feed,

    /// <summary>An HTML page listing items, read with <see cref="HtmlListConfig"/> selectors.</summary>
    HtmlList,

    /// <summary>One page whose text is watched for changes, reduced with <see cref="PageWatchConfig"/>.</summary>
    Page,
}

/// <summary>
/// One watched thing: a feed, an HTML list or a single page. The row is also the schedule (the
/// scheduler claims due rows atomically) and the health record shown to admins. A catalogue entry
/// that names several pages becomes one source per URL (<c>nsm-guidance-passwords</c>,
/// <c>nsm-guidance-basic-principles</c>...): each page has its own schedule, validators and health.
/// </summary>
public sealed class Source
{
    // ---- Definition: what to watch. The seed import compares these (see SeedHash). ----

    /// <summary>A stable slug, e.g. <c>nsm-all</c>.</summary>
    public required string Id { get; set; }

    public required string Name { get; set; }

    public required string Authority { get; set; }

    /// <summary>ISO 3166 alpha-2 (NO, SE, DK, FI) or <c>EU</c>/<c>GB</c>/<c>INT</c>.</summary>
    public required string Country { get; set; }

    /// <summary><c>nb</c>, <c>sv</c>, <c>da</c>, <c>fi</c> or <c>en</c>.</summary>
    public required string Language { get; set; }

    public SourceKind Kind { get; set; }

    /// <summary>What the items are, for the words of an alert; null: derived from <see cref="Kind"/> (see <see cref="ItemKinds.Effective"/>).</summary>
    public ItemKind? ItemKind { get; set; }

    public required string Url { get; set; }

    /// <summary>The human-facing site (OPML <c>htmlUrl</c>); optional.</summary>
    public string? WebsiteUrl { get; set; }

    /// <summary>Selectors when <see cref="Kind"/> is <see cref="SourceKind.HtmlList"/>.</summary>
    public HtmlListConfig? HtmlList { get; set; }

    /// <summary>Content reduction when <see cref="Kind"/> is <see cref="SourceKind.Page"/>.</summary>
    public PageWatchConfig? PageWatch { get; set; }

    /// <summary>Tried when the primary fails or yields nothing.</summary>
    public SourceKind? FallbackKind { get; set; }

    public string? FallbackUrl { get; set; }

    public HtmlListConfig? FallbackHtmlList { get; set; }

    public PageWatchConfig? FallbackPageWatch { get; set; }

    /// <summary>A hub page whose <c>&lt;link rel="alternate"&gt;</c> names the feed, for authorities that move their feed.</summary>
    public string? DiscoverFrom { get; set; }

    /// <summary>Extra query-parameter prefixes dropped from links of this source before they become identities.</summary>
    public List<string> StripQueryPrefixes { get; set; } = [];

    public List<string> DefaultTopics { get; set; } = [];

    public bool Enabled { get; set; } = true;

    /// <summary>Polling interval in minutes (the scheduler adds jitter).</summary>
    public int IntervalMinutes { get; set; } = 60;

    /// <summary>Days without a new item after which the source is flagged stale.</summary>
    public int StaleAfterDays { get; set; } = 60;

    /// <summary>The catalogue says the selectors or URL still need checking against the live site.</summary>
    public bool NeedsVerification { get; set; }

    /// <summary>Free text from the catalogue: why disabled, what to verify.</summary>
    public string? Notes { get; set; }

    // ---- Schedule: the database is the schedule. ----

    /// <summary>
    /// When the source is next due; a new source is due when it is added. Never null, so that the
    /// scheduler finds due sources with a range over an index rather than a scan of every row.
    /// </summary>
    public DateTimeOffset NextCheckAtUtc { get; set; }

    /// <summary>Set by the scheduler's atomic claim; a worker holding another token must not write.</summary>
    public Guid? ClaimToken { get; set; }

    /// <summary>A claim expires so a crashed worker cannot hold a source for ever; the node holding it renews it.</summary>
    public DateTimeOffset? ClaimedUntilUtc { get; set; }

    /// <summary>
    /// The node whose process holds the claim (queued for its workers or being polled); null while
    /// a claim waits on the bus for a worker. A node that restarts releases its own claims.
    /// </summary>
    public string? ClaimedBy { get; set; }

    public int ConsecutiveFailures { get; set; }

    /// <summary>From a 429/503 Retry-After; the source is not polled before this.</summary>
    public DateTimeOffset? RetryAfterUtc { get; set; }

    public string? ETag { get; set; }

    public DateTimeOffset? LastModified { get; set; }

    // ---- Health: what admins see. ----

    public DateTimeOffset? LastAttemptAtUtc { get; set; }

    public DateTimeOffset? LastSuccessAtUtc { get; set; }

    public int? LastStatusCode { get; set; }

    public string? FinalUrl { get; set; }

    /// <summary>A 301/308 seen on the last fetch: recorded and shown, never written over <see cref="Url"/>.</summary>
    public string? PermanentRedirectTo { get; set; }

    /// <summary>
    /// The <see cref="PermanentRedirectTo"/> an admin dismissed: its notice is not shown again,
    /// while a redirect elsewhere is. Null: none dismissed.
    /// </summary>
    public string? DismissedRedirectTo { get; set; }

    /// <summary>A permanent redirect is recorded and no admin has accepted or dismissed it.</summary>
    public bool HasRedirectNotice => PermanentRedirectTo is not null && PermanentRedirectTo != DismissedRedirectTo;

    public string? LastError { get; set; }

    /// <summary>
    /// What the last successful read recovered from or repaired (a broken element, an item left out
    /// at a cut, a repaired text), in one line; null when it was read cleanly. Such a read is not a
    /// plain "ok" in the health view.
    /// </summary>
    public string? LastReadWarnings { get; set; }

    /// <summary>Items (or 1 for a page) seen on the last successful read.</summary>
    public int? ItemsSeen { get; set; }

    public DateTimeOffset? NewestItemAtUtc { get; set; }

    /// <summary>When the first successful poll stored the baseline (no one is notified of a baseline).</summary>
    public DateTimeOffset? BaselineTakenAtUtc { get; set; }

    /// <summary>
    /// The <see cref="SourceReader.Key"/> of the primary whose baseline is taken. A new URL or new
    /// selectors make a new key: its first read is a baseline of its own. Null on a row from
    /// before readers had baselines, whose baseline is the primary's.
    /// </summary>
    public string? PrimaryBaselineReader { get; set; }

    /// <summary>The key of the fallback whose baseline is taken (read with the primary's, silently); null: none yet.</summary>
    public string? FallbackBaselineReader { get; set; }

    /// <summary>The key of the feed found on <see cref="DiscoverFrom"/> whose baseline is taken; null: none yet.</summary>
    public string? DiscoveredBaselineReader { get; set; }

    // ---- Import bookkeeping. ----

    /// <summary>
    /// Hash of the definition as the seed catalogue last wrote it. When the row's current definition
    /// no longer hashes to this, an admin changed it and seeding leaves it alone. Null: the source
    /// is not from the seeds (an admin created or imported it).
    /// </summary>
    public string? SeedHash { get; set; }

    public DateTimeOffset CreatedAtUtc { get; set; }

    public DateTimeOffset UpdatedAtUtc { get; set; }

    /// <summary>How long the source has been due without being checked; null when it is not due (or disabled).</summary>
    public TimeSpan? LatenessAt(DateTimeOffset nowUtc) =>
        Enabled && NextCheckAtUtc < nowUtc ? nowUtc - NextCheckAtUtc : null;

    /// <summary>Due for more than two of its intervals and still not checked: its host cannot keep up, or polling stalled.</summary>
    public bool IsOverdue(DateTimeOffset nowUtc) =>
        LatenessAt(nowUtc) is { } late && late > 2 * TimeSpan.FromMinutes(IntervalMinutes);

    /// <summary>No new item for <see cref="StaleAfterDays"/> (measured from the newest item, else the baseline).</summary>
    public bool IsStale(DateTimeOffset nowUtc)
    {
        var reference = NewestItemAtUtc ?? BaselineTakenAtUtc;
        return Enabled && reference is { } r && nowUtc - r > TimeSpan.FromDays(StaleAfterDays);
    }
}
