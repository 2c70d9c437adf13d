using AdvisoryWatch.Access;
using AdvisoryWatch.Audit;
using AdvisoryWatch.Extraction;
using AdvisoryWatch.Extraction.Html;
using AdvisoryWatch.Fetching;
using AdvisoryWatch.Sources;
using Microsoft.Extensions.Options;

namespace AdvisoryWatch.Polling;

/// <summary>The typed result of reading a source once (primary, then fallback or discovery).</summary>
public abstract record PollResult
{
    public int? StatusCode { get; init; }

    public Uri? FinalUrl { get; init; }

    /// <summary>A 301/308 met on the primary URL; shown to admins, never written over the source's URL.</summary>
    public Uri? PermanentRedirect { get; init; }

    /// <summary>
    /// Silent baselines read because the primary answered: the fallback's, or a discovered feed's,
    /// when the source's row has none for their current definition.
    /// </summary>
    public IReadOnlyList<ReaderRead> Baselines { get; init; } = [];

    /// <summary>304: the validators still hold.</summary>
    public sealed record NotModified : PollResult;

    /// <summary>Items were read.</summary>
    /// <param name="Feed">What was extracted.</param>
    /// <param name="ETag">The primary's validator, when the items came from the primary.</param>
    /// <param name="LastModified">Likewise.</param>
    /// <param name="UsedFallback">The primary failed or was empty: describes why, and what was read instead.</param>
    /// <param name="Reader">Which of the source's readers the items came from.</param>
    public sealed record Read(ExtractedFeed Feed, string? ETag, DateTimeOffset? LastModified, string? UsedFallback, SourceReader Reader) : PollResult;

    /// <summary>A watched page answers 404 or 410.</summary>
    public sealed record PageGone(string Reason) : PollResult;

    /// <summary>429, or 503 with Retry-After.</summary>
    public sealed record RateLimited(TimeSpan? RetryAfter) : PollResult;

    /// <summary>Nothing usable from the primary, the fallback or discovery.</summary>
    public sealed record Failed(string Reason) : PollResult;
}

/// <summary>
/// Reads one source: a conditional GET of the primary, extraction with the source's parser
/// settings, and when that fails or yields nothing, the fallback and then feed discovery. When
/// the primary answers and the fallback or discovered feed has no baseline yet, that is read too,
/// so that a later outage of the primary finds it knowing what is old. Writes nothing: the caller
/// decides what the result means for the history and the schedule.
/// </summary>
public sealed class SourcePoller(IFetcher fetcher, HostLimiter limiter, ExtractionMemoryBudget memory, IOptions<ExtractionOptions> extraction, SecurityEvents security, CurrentActor actor)
{
    public async Task<PollResult> PollAsync(Source source, bool conditional, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var request = new FetchRequest(new Uri(source.Url), conditional ? source.ETag : null, conditional ? source.LastModified : null);
        var fetched = await FetchAsync(request, cancellationToken);
        await RecordRefusalAsync(source, fetched, cancellationToken);
        var redirect = fetched.PermanentRedirect;
        string problem;
        switch (fetched)
        {
            case FetchOutcome.NotModified:
                return new PollResult.NotModified { StatusCode = 304, FinalUrl = fetched.FinalUrl, PermanentRedirect = redirect, Baselines = await BaselinesAsync(source, cancellationToken) };
            case FetchOutcome.RateLimited limited:
                return new PollResult.RateLimited(limited.RetryAfter) { StatusCode = limited.StatusCode, FinalUrl = fetched.FinalUrl, PermanentRedirect = redirect };
            case FetchOutcome.Failed { Reason: FetchFailure.Gone } gone when source.Kind == SourceKind.Page:
                return new PollResult.PageGone(gone.Message) { StatusCode = gone.StatusCode, FinalUrl = fetched.FinalUrl, PermanentRedirect = redirect };
            case FetchOutcome.Content content:
                var extracted = await ExtractAsync(source, source.Kind, fallback: false, content, cancellationToken);
                if (extracted.Succeeded && (extracted.Value.Items.Count > 0 || source.Kind == SourceKind.Page))
                {
                    return new PollResult.Read(PageIdentity(source, extracted.Value), content.ETag, content.LastModified, null, SourceReader.Primary(source))
                    {
                        StatusCode = content.StatusCode,
                        FinalUrl = content.FinalUrl,
                        PermanentRedirect = redirect,
                        Baselines = await BaselinesAsync(source, cancellationToken),
                    };
                }

                problem = extracted.Succeeded ? "the primary yielded no items" : $"the primary could not be read: {extracted.Error}";
                break;
            case FetchOutcome.Failed failed:
                problem = $"the primary failed: {failed.Message}";
                break;
            default:
                problem = "the primary gave an unexpected answer";
                break;
        }

        var status = (fetched as FetchOutcome.Failed)?.StatusCode ?? (fetched as FetchOutcome.Content)?.StatusCode;
        if (SourceReader.Fallback(source) is { } fallbackReader
            && await FetchAsync(new FetchRequest(new Uri(fallbackReader.Url)), cancellationToken) is FetchOutcome.Content fallback)
        {
            var extracted = await ExtractAsync(source, fallbackReader.Kind, fallback: true, fallback, cancellationToken);
            if (extracted.Succeeded && extracted.Value.Items.Count > 0)
            {
                return new PollResult.Read(extracted.Value, null, null, $"{problem}; read the fallback {fallbackReader.Url}", fallbackReader)
                {
                    StatusCode = status,
                    FinalUrl = fetched.FinalUrl,
                    PermanentRedirect = redirect,
                };
            }

            problem += extracted.Succeeded ? "; the fallback yielded no items" : $"; the fallback could not be read: {extracted.Error}";
        }

        if (source.DiscoverFrom is { } hub && source.Kind == SourceKind.Feed)
        {
            if ((await DiscoverAsync(source, new Uri(hub), cancellationToken)).Read is { } discovered)
            {
                return new PollResult.Read(discovered.Feed, null, null, $"{problem}; read the feed {discovered.Reader.Url} announced by {hub}", discovered.Reader)
                {
                    StatusCode = status,
                    FinalUrl = fetched.FinalUrl,
                    PermanentRedirect = redirect,
                };
            }

            problem += $"; no feed was found on {hub}";
        }

        return new PollResult.Failed(problem) { StatusCode = status, FinalUrl = fetched.FinalUrl, PermanentRedirect = redirect };
    }

    /// <summary>
    /// One of the source's readers read now, unconditionally, as a poll reads it (the same fetcher,
    /// per-host limits, memory budget and parser settings), with what each of its selectors matched.
    /// Nothing is written: the live preview of a source being added or edited.
    /// </summary>
    public async Task<ReaderPreview> PreviewAsync(Source source, SourceReader reader, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(reader);
        var fetched = await FetchAsync(new FetchRequest(new Uri(reader.Url)), cancellationToken);
        await RecordRefusalAsync(source, fetched, cancellationToken);
        var preview = new ReaderPreview(reader.Role, SourceDefinition.KindName(reader.Kind), reader.Url)
        {
            StatusCode = (fetched as FetchOutcome.Content)?.StatusCode ?? (fetched as FetchOutcome.Failed)?.StatusCode ?? (fetched as FetchOutcome.RateLimited)?.StatusCode,
            FinalUrl = fetched.FinalUrl.AbsoluteUri,
            PermanentRedirect = fetched.PermanentRedirect?.AbsoluteUri,
        };
        if (fetched is not FetchOutcome.Content content)
        {
            return preview with
            {
                Error = fetched switch
                {
                    FetchOutcome.Failed failed => $"{failed.Reason}: {failed.Message}",
                    FetchOutcome.RateLimited limited => $"rate limited (HTTP {limited.StatusCode}), retry after {limited.RetryAfter?.TotalSeconds.ToString("0", System.Globalization.CultureInfo.InvariantCulture) ?? "?"} s",
                    _ => "unexpected answer " + fetched.GetType().Name,
                },
            };
        }

        var extracted = await ExtractAsync(source, reader.Kind, reader.Role == ReaderRole.Fallback, content, cancellationToken);
        var settings = ParserSettings.ForSource(source, reader.Role == ReaderRole.Fallback);
        IReadOnlyList<SelectorMatch> selectors = [];
        if (reader.Kind != SourceKind.Feed)
        {
            using var lease = await memory.AcquireAsync(ExtractionMemoryBudget.Estimate(SourceKind.Page, content.Body.Length), cancellationToken);
            var probed = SelectorProbe.Probe(content.Body, reader.Kind == SourceKind.HtmlList ? settings.List : null, reader.Kind == SourceKind.Page ? settings.Page : null, Context(source, content, cancellationToken));
            selectors = probed.Succeeded ? probed.Value : [];
        }

        return extracted.Succeeded
            ? preview with { Feed = reader.Role == ReaderRole.Primary ? PageIdentity(source, extracted.Value) : extracted.Value, Selectors = selectors }
            : preview with { Error = $"{extracted.Error.Code}: {extracted.Error.Message}", Selectors = selectors };
    }

    /// <summary>The baselines the source's row lacks: its fallback's, its discovered feed's. One that cannot be read now is tried again on the next poll.</summary>
    private async Task<IReadOnlyList<ReaderRead>> BaselinesAsync(Source source, CancellationToken cancellationToken)
    {
        List<ReaderRead> baselines = [];
        if (SourceReader.Fallback(source) is { } fallback && !fallback.HasBaseline(source)
            && await FetchAsync(new FetchRequest(new Uri(fallback.Url)), cancellationToken) is FetchOutcome.Content content)
        {
            var extracted = await ExtractAsync(source, fallback.Kind, fallback: true, content, cancellationToken);
            if (extracted.Succeeded && extracted.Value.Items.Count > 0)
            {
                baselines.Add(new ReaderRead(fallback, extracted.Value, Silent: true));
            }
        }

        if (source.DiscoverFrom is { } hub && source.Kind == SourceKind.Feed && source.DiscoveredBaselineReader is null)
        {
            var (read, namesNoOther) = await DiscoverAsync(source, new Uri(hub), cancellationToken);
            if (read is not null)
            {
                baselines.Add(read with { Silent = true });
            }
            else if (namesNoOther)
            {
                // The hub names only the primary: its baseline is the primary's. Recorded, so the
                // hub is not read again until the primary fails.
                baselines.Add(new ReaderRead(SourceReader.Discovered(source, new Uri(source.Url)), new ExtractedFeed("none", null, null, null, null, null, []), Silent: true));
            }
        }

        return baselines;
    }

    /// <summary>The first feed other than the primary that the hub announces and that yields items; or whether the hub was read and names no other.</summary>
    private async Task<(ReaderRead? Read, bool NamesNoOther)> DiscoverAsync(Source source, Uri hub, CancellationToken cancellationToken)
    {
        if (await FetchAsync(new FetchRequest(hub), cancellationToken) is not FetchOutcome.Content page)
        {
            return (null, false);
        }

        ExtractionResult<IReadOnlyList<Uri>> found;
        using (await memory.AcquireAsync(ExtractionMemoryBudget.Estimate(SourceKind.Page, page.Body.Length), cancellationToken))
        {
            found = FeedDiscovery.Discover(page.Body, new ExtractionContext(page.FinalUrl, page.Charset) { Limits = extraction.Value.ToLimits(), Cancellation = cancellationToken });
        }

        var others = found.Succeeded ? found.Value.Where(u => u.AbsoluteUri != source.Url).Take(3).ToList() : [];
        if (others.Count == 0)
        {
            return (null, true);
        }

        foreach (var url in others)
        {
            if (await FetchAsync(new FetchRequest(url), cancellationToken) is FetchOutcome.Content feed)
            {
                var extracted = await ExtractAsync(source, SourceKind.Feed, fallback: false, feed, cancellationToken);
                if (extracted.Succeeded && extracted.Value.Items.Count > 0)
                {
                    return (new ReaderRead(SourceReader.Discovered(source, url), extracted.Value), true);
                }
            }
        }

        return (null, false);
    }

    /// <summary>A fetch the private-address guard refused is a security event: a source (or a redirect) pointed inside.</summary>
    private Task RecordRefusalAsync(Source source, FetchOutcome fetched, CancellationToken cancellationToken) =>
        fetched is FetchOutcome.Failed { Reason: FetchFailure.BlockedAddress or FetchFailure.BlockedUrl } refused
            ? security.RecordAsync(actor.Name, "fetch.refused", "source:" + source.Id, $"{refused.FinalUrl}: {refused.Message}", cancellationToken)
            : Task.CompletedTask;

    private async Task<FetchOutcome> FetchAsync(FetchRequest request, CancellationToken cancellationToken)
    {
        using var slot = await limiter.EnterAsync(request.Url, cancellationToken);
        return await fetcher.FetchAsync(request, cancellationToken);
    }

    private async Task<ExtractionResult<ExtractedFeed>> ExtractAsync(Source source, SourceKind kind, bool fallback, FetchOutcome.Content content, CancellationToken cancellationToken)
    {
        var settings = ParserSettings.ForSource(source, fallback);
        if (kind == SourceKind.HtmlList && settings.List is null)
        {
            return ExtractionResult<ExtractedFeed>.Failure("no-selectors", "an html-list needs item selectors");
        }

        var context = Context(source, content, cancellationToken);
        // The estimate is the first page's: a list's next pages are read one at a time after it.
        using var lease = await memory.AcquireAsync(ExtractionMemoryBudget.Estimate(kind, content.Body.Length), cancellationToken);
        return await SourceExtractor.ExtractAsync(kind, settings, content.Body, context, new LimitedFetcher(this), cancellationToken);
    }

    private ExtractionContext Context(Source source, FetchOutcome.Content content, CancellationToken cancellationToken) =>
        new(content.FinalUrl, content.Charset)
        {
            Limits = extraction.Value.ToLimits(),
            Cancellation = cancellationToken,
            UrlNormalization = source.StripQueryPrefixes.Count == 0
                ? UrlNormalizationOptions.Default
                : UrlNormalizationOptions.Default with { StripQueryPrefixes = [.. UrlNormalizationOptions.Default.StripQueryPrefixes, .. source.StripQueryPrefixes] },
        };

    /// <summary>A watched page is identified by the source's URL, so a redirect does not make it a new page.</summary>
    private static ExtractedFeed PageIdentity(Source source, ExtractedFeed feed) =>
        source.Kind != SourceKind.Page || feed.Items.Count != 1
            ? feed
            : feed with { Items = [feed.Items[0] with { Id = source.Url }] };

    /// <summary>Next pages of an HTML list go through the same per-host limits.</summary>
    private sealed class LimitedFetcher(SourcePoller poller) : IFetcher
    {
        public Task<FetchOutcome> FetchAsync(FetchRequest request, CancellationToken cancellationToken) => poller.FetchAsync(request, cancellationToken);
    }
}
