using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace AdvisoryWatch.Fetching;

/// <summary>
/// The one way AdvisoryWatch reads the outside world: conditional GET, bounded in time and size,
/// redirects followed by hand, and a private-address guard applied at connect time to every
/// resolved address of every hop, so DNS tricks and redirects to internal hosts cannot get past it.
/// </summary>
public sealed partial class HttpFetcher : IFetcher, IDisposable
{
    private readonly HttpClient _client;
    private readonly FetchOptions _options;
    private readonly AllowedNetworks _allowed;
    private readonly TimeProvider _time;
    private readonly ILogger<HttpFetcher> _logger;

    /// <summary>A constant, so it is sent as is rather than parsed into header objects on every request.</summary>
    private const string AcceptHeader = "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.8, */*;q=0.5";

    public HttpFetcher(IOptions<FetchOptions> options, TimeProvider time, ILogger<HttpFetcher> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _allowed = new AllowedNetworks(_options.AllowedNetworks);
        _time = time;
        _logger = logger;
        var handler = new SocketsHttpHandler
        {
            // HTTP(S)_PROXY would make the guard check the proxy instead of the target.
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate | DecompressionMethods.Brotli,
            ConnectTimeout = _options.ConnectTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            MaxConnectionsPerServer = _options.MaxConnectionsPerHost,
            UseCookies = false,
            ConnectCallback = GuardedConnect.Callback(_allowed, FetchOptions.Section + ":AllowedNetworks", LogBlocked),
        };
        _client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public async Task<FetchOutcome> FetchAsync(FetchRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_options.Timeout);
        var url = request.Url;
        Uri? permanent = null;
        var visited = new HashSet<string>(StringComparer.Ordinal);
        for (var hop = 0; ; hop++)
        {
            if (CheckUrl(url) is { } refusal)
            {
                LogBlocked(url.Host, refusal);
                return new FetchOutcome.Failed(url, FetchFailure.BlockedUrl, refusal) { PermanentRedirect = permanent };
            }

            if (!visited.Add(url.AbsoluteUri))
            {
                return new FetchOutcome.Failed(url, FetchFailure.BadRedirect, $"redirect loop back to {url}") { PermanentRedirect = permanent };
            }

            HttpResponseMessage response;
            try
            {
                using var message = new HttpRequestMessage(HttpMethod.Get, url);
                message.Headers.TryAddWithoutValidation("User-Agent", _options.UserAgent);
                message.Headers.TryAddWithoutValidation("Accept", AcceptHeader);
                if (hop == 0 && request.ETag is { Length: > 0 } etag)
                {
                    message.Headers.TryAddWithoutValidation("If-None-Match", etag);
                }

                if (hop == 0 && request.LastModified is { } lastModified)
                {
                    message.Headers.IfModifiedSince = lastModified;
                }

                response = await _client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            }
            catch (Exception e) when (Classify(e, url, deadline, cancellationToken) is { } failed)
            {
                return failed with { PermanentRedirect = permanent };
            }

            using (response)
            {
                var status = (int)response.StatusCode;
                if (status is 301 or 302 or 303 or 307 or 308)
                {
                    var location = response.Headers.Location;
                    if (location is null)
                    {
                        return new FetchOutcome.Failed(url, FetchFailure.BadRedirect, $"HTTP {status} without a Location header", status) { PermanentRedirect = permanent };
                    }

                    var target = location.IsAbsoluteUri ? location : new Uri(url, location);
                    if (RefuseRedirect(url, target) is { } refused)
                    {
                        return new FetchOutcome.Failed(url, FetchFailure.BadRedirect, refused, status) { PermanentRedirect = permanent };
                    }

                    if (hop >= _options.MaxRedirects)
                    {
                        return new FetchOutcome.Failed(url, FetchFailure.BadRedirect, $"more than {_options.MaxRedirects} redirects", status) { PermanentRedirect = permanent };
                    }

                    // Only a chain of permanent redirects from the start says the source moved.
                    if (status is 301 or 308 && (hop == 0 || permanent is not null))
                    {
                        permanent = target;
                    }
                    else
                    {
                        permanent = null;
                    }

                    url = target;
                    continue;
                }

                if (status == 304)
                {
                    return new FetchOutcome.NotModified(url) { PermanentRedirect = permanent };
                }

                if (status == 429 || (status == 503 && response.Headers.RetryAfter is not null))
                {
                    return new FetchOutcome.RateLimited(url, status, RetryAfter(response.Headers.RetryAfter)) { PermanentRedirect = permanent };
                }

                if (status is 404 or 410)
                {
                    return new FetchOutcome.Failed(url, FetchFailure.Gone, $"HTTP {status}", status) { PermanentRedirect = permanent };
                }

                if (status is < 200 or > 299)
                {
                    return new FetchOutcome.Failed(url, FetchFailure.HttpError, $"HTTP {status} {response.ReasonPhrase}", status) { PermanentRedirect = permanent };
                }

                return await ReadBodyAsync(response, url, permanent, deadline, cancellationToken);
            }
        }
    }

    public void Dispose() => _client.Dispose();

    private async Task<FetchOutcome> ReadBodyAsync(HttpResponseMessage response, Uri url, Uri? permanent, CancellationTokenSource deadline, CancellationToken cancellationToken)
    {
        var max = _options.MaxBytes;
        var declared = response.Content.Headers.ContentLength;
        var encoded = response.Content.Headers.ContentEncoding.Count > 0;
        if (!encoded && declared > max)
        {
            return new FetchOutcome.Failed(url, FetchFailure.TooLarge, $"the body is {declared:N0} bytes; the limit is {max:N0}", 200) { PermanentRedirect = permanent };
        }

        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            using var body = new MemoryStream(declared is > 0 and < 1024 * 1024 ? (int)declared : 64 * 1024);
            await using var stream = await response.Content.ReadAsStreamAsync(deadline.Token);
            while (true)
            {
                // The cap applies to decompressed bytes, as they are read: a small gzip bomb
                // stops here, not after it has filled memory.
                var read = await stream.ReadAsync(buffer, deadline.Token);
                if (read == 0)
                {
                    break;
                }

                if (body.Length + read > max)
                {
                    return new FetchOutcome.Failed(url, FetchFailure.TooLarge, $"the body exceeds the limit of {max:N0} bytes (after decompression)", 200) { PermanentRedirect = permanent };
                }

                body.Write(buffer, 0, read);
            }

            var contentType = response.Content.Headers.ContentType;
            var lastModified = response.Content.Headers.LastModified;
            return new FetchOutcome.Content(
                url,
                (int)response.StatusCode,

                // The stream's own buffer rather than a copy of it (sized to the declared length).
                body.GetBuffer().AsMemory(0, (int)body.Length),
                contentType?.MediaType,
                contentType?.CharSet?.Trim('"'),
                response.Headers.ETag?.ToString(),
                lastModified)
            {
                PermanentRedirect = permanent,
            };
        }
        catch (Exception e) when (Classify(e, url, deadline, cancellationToken) is { } failed)
        {
            return failed with { PermanentRedirect = permanent };
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Why a redirect must not be followed, or null. Every hop is also checked like a new URL.</summary>
    internal static string? RefuseRedirect(Uri from, Uri to) =>
        from.Scheme == Uri.UriSchemeHttps && to.Scheme == Uri.UriSchemeHttp ? $"refused a redirect from https to http ({to})" : null;

    private string? CheckUrl(Uri url)
    {
        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            return $"only http and https URLs are fetched, not '{(url.IsAbsoluteUri ? url.Scheme : url.OriginalString)}'";
        }

        if (!string.IsNullOrEmpty(url.UserInfo))
        {
            return "URLs with credentials in them are not fetched";
        }

        if (!_options.AllowedPorts.Contains(url.Port) && !_allowed.Allows(url.IdnHost, url.Port) && !(IPAddress.TryParse(url.IdnHost.Trim('[', ']'), out var literal) && _allowed.Allows(literal)))
        {
            return $"port {url.Port} is not allowed (only 80 and 443, unless AdvisoryWatch:Fetch:AllowedNetworks allows it)";
        }

        return null;
    }

    private FetchOutcome.Failed? Classify(Exception e, Uri url, CancellationTokenSource deadline, CancellationToken caller)
    {
        if (caller.IsCancellationRequested)
        {
            return null;
        }

        // When the deadline cancels a read, the socket's abort shows up as the inner exception;
        // the cause is the deadline.
        if (deadline.IsCancellationRequested && e is OperationCanceledException or IOException or HttpRequestException)
        {
            return new FetchOutcome.Failed(url, FetchFailure.Timeout, $"no complete answer within {_options.Timeout.TotalSeconds:0.#} s");
        }

        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            switch (inner)
            {
                case BlockedAddressException blocked:
                    return new FetchOutcome.Failed(url, FetchFailure.BlockedAddress, blocked.Message);
                case SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain } dns:
                    return new FetchOutcome.Failed(url, FetchFailure.DnsFailure, $"no address for {url.Host} ({dns.SocketErrorCode})");
                case SocketException socket:
                    return new FetchOutcome.Failed(url, FetchFailure.ConnectFailed, $"could not connect to {url.Host}:{url.Port} ({socket.SocketErrorCode})");
                default:
                    break;
            }
        }

        return e switch
        {
            OperationCanceledException when deadline.IsCancellationRequested => new FetchOutcome.Failed(url, FetchFailure.Timeout, $"no complete answer within {_options.Timeout.TotalSeconds:0.#} s"),
            HttpRequestException http => new FetchOutcome.Failed(url, FetchFailure.ProtocolError, http.Message),
            IOException io => new FetchOutcome.Failed(url, FetchFailure.ProtocolError, io.Message),
            InvalidDataException bad => new FetchOutcome.Failed(url, FetchFailure.ProtocolError, "the compressed body is corrupt: " + bad.Message),
            _ => null,
        };
    }

    private TimeSpan? RetryAfter(RetryConditionHeaderValue? header)
    {
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - _time.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Fetch refused for {Host}: {Reason}")]
    private partial void LogBlocked(string host, string reason);
}
