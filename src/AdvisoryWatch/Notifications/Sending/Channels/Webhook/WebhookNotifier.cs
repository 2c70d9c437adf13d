using AdvisoryWatch.Fetching;
using Microsoft.Extensions.Options;

namespace AdvisoryWatch.Notifications.Sending.Channels.Webhook;

/// <summary>
/// Posts webhook documents over its own connection pool: no proxy and no redirects (the guard
/// must judge the address actually connected to), and the private-address guard on every connect,
/// lifted only by <see cref="WebhookOptions.AllowedNetworks"/>. Outcomes follow mail's rules: a
/// failure before the whole body went out is retried, one after it is ambiguous.
/// </summary>
internal sealed partial class WebhookNotifier : IWebhookNotifier, IDisposable
{
    public const string DeliveryHeader = "AdvisoryWatch-Delivery";

    private readonly HttpClient _client;
    private readonly IOptions<WebhookOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger<WebhookNotifier> _logger;

    public WebhookNotifier(IOptions<WebhookOptions> options, TimeProvider time, ILogger<WebhookNotifier> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _time = time;
        _logger = logger;
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            UseCookies = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectCallback = GuardedConnect.Callback(new AllowedNetworks(options.Value.AllowedNetworks), WebhookOptions.Section + ":AllowedNetworks", LogBlocked),
        };
        _client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public async Task<SendResult> PostAsync(Uri url, string secret, Guid id, byte[] body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(body);
        if (!url.IsAbsoluteUri || url.Scheme is not ("https" or "http") || !string.IsNullOrEmpty(url.UserInfo))
        {
            return new SendResult.Rejected("the webhook is not an absolute http(s) URL without credentials");
        }

        if (string.IsNullOrEmpty(secret))
        {
            return new SendResult.Rejected("the webhook recipient has no signing secret");
        }

        using var content = new TrackedJsonContent(body);
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
        request.Headers.Add(WebhookSignature.HeaderName, WebhookSignature.Header(secret, _time.GetUtcNow(), body));
        request.Headers.Add(DeliveryHeader, id.ToString("D"));
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var timeout = _options.Value.TimeoutSeconds;
        deadline.CancelAfter(TimeSpan.FromSeconds(timeout));
        try
        {
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            if (response.IsSuccessStatusCode)
            {
                return new SendResult.Sent($"{(int)response.StatusCode} from {url.Host}");
            }

            var reply = await ReadShortAsync(response, deadline.Token);
            LogRefused(url.Host, (int)response.StatusCode);
            return HttpOutcome.FromFailure(response, reply, _time);
        }
        catch (HttpRequestException e) when (e.InnerException is BlockedAddressException blocked)
        {
            return new SendResult.Rejected(blocked.Message);
        }
        catch (Exception e) when (e is HttpRequestException or IOException
            || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            LogUnreachable(url.Host, e.GetType().Name, content.Sent);
            var reason = e is OperationCanceledException
                ? $"no answer from {url.Host} within {timeout} s"
                : $"{url.Host}: {e.Message}";

            // The receiver may have the whole document; the retry carries the same id.
            return content.Sent ? new SendResult.Ambiguous(reason) : new SendResult.RetryLater(reason);
        }
    }

    public void Dispose() => _client.Dispose();

    /// <summary>The start of the reply only: an error page is no reason to read megabytes.</summary>
    private static async Task<string> ReadShortAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(ct);
            var buffer = new byte[2048];
            var read = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, ct);
            return HttpOutcome.ErrorMessage(System.Text.Encoding.UTF8.GetString(buffer, 0, read));
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            return "";
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook refused for {Host}: {Reason}")]
    private partial void LogBlocked(string host, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook on {Host} answered {Status}")]
    private partial void LogRefused(string host, int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook on {Host} not reached ({Error}); the document had gone out: {BodySent}")]
    private partial void LogUnreachable(string host, string error, bool bodySent);
}
