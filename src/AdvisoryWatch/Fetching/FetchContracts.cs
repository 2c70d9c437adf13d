namespace AdvisoryWatch.Fetching;

/// <summary>Fetches one URL politely and within hard limits; expected failures are outcomes, not exceptions.</summary>
public interface IFetcher
{
    Task<FetchOutcome> FetchAsync(FetchRequest request, CancellationToken cancellationToken);
}

/// <summary>A conditional GET: the validators from the previous successful fetch, if any.</summary>
public sealed record FetchRequest(Uri Url, string? ETag = null, DateTimeOffset? LastModified = null);

/// <summary>Why a fetch produced no content.</summary>
public enum FetchFailure
{
    /// <summary>The address is loopback, private, link-local, metadata... and not allowed.</summary>
    BlockedAddress,

    /// <summary>Not http or https, or a port other than 80/443 that is not allowed.</summary>
    BlockedUrl,

    /// <summary>DNS gave no address.</summary>
    DnsFailure,

    ConnectFailed,

    /// <summary>The deadline covering headers and body passed.</summary>
    Timeout,

    /// <summary>The body (after decompression) exceeded the cap.</summary>
    TooLarge,

    /// <summary>More redirects than allowed, a loop, or an https to http downgrade.</summary>
    BadRedirect,

    /// <summary>A 4xx/5xx answer other than 304, 404/410 and 429/503 with Retry-After.</summary>
    HttpError,

    /// <summary>404 or 410: for a watched page this is itself a change.</summary>
    Gone,

    ProtocolError,
}

/// <summary>The typed result of one fetch.</summary>
public abstract record FetchOutcome(Uri FinalUrl)
{
    /// <summary>A permanent redirect seen on the way (301/308); recorded and shown, never written over the source's URL.</summary>
    public Uri? PermanentRedirect { get; init; }

    /// <summary>304: nothing changed since the validators were issued.</summary>
    public sealed record NotModified(Uri FinalUrl) : FetchOutcome(FinalUrl);

    /// <summary>200 with a body that fits the limits.</summary>
    public sealed record Content(
        Uri FinalUrl,
        int StatusCode,
        ReadOnlyMemory<byte> Body,
        string? MediaType,
        string? Charset,
        string? ETag,
        DateTimeOffset? LastModified) : FetchOutcome(FinalUrl);

    /// <summary>429, or 503 with Retry-After: come back later.</summary>
    public sealed record RateLimited(Uri FinalUrl, int StatusCode, TimeSpan? RetryAfter) : FetchOutcome(FinalUrl);

    /// <summary>Anything else that produced no usable content.</summary>
    public sealed record Failed(Uri FinalUrl, FetchFailure Reason, string Message, int? StatusCode = null) : FetchOutcome(FinalUrl);
}
