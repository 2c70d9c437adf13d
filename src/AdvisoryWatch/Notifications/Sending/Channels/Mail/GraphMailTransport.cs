using System.Net;
using System.Net.Http.Headers;
using MimeKit;

namespace AdvisoryWatch.Notifications.Sending.Channels.Mail;

/// <summary>
/// Microsoft Graph <c>sendMail</c> as an application (client credentials, <c>Mail.Send</c>
/// application permission), over plain REST, in MIME format: the same message the other
/// transports send (both alternatives, List-Unsubscribe, Auto-Submitted, the DKIM signature),
/// base64 in a <c>text/plain</c> body. Graph's JSON message would drop the text part and every
/// header not starting with <c>X-</c>.
/// </summary>
internal sealed partial class GraphMailTransport : IMailTransport, IDisposable
{
    public const string HttpClientName = "AdvisoryWatch.Graph";

    private readonly IHttpClientFactory _httpClients;
    private readonly MailOptions.GraphSettings _graph;
    private readonly MimeMailFactory _messages;
    private readonly TimeProvider _time;
    private readonly ILogger<GraphMailTransport> _logger;
    private readonly ClientCredentialsToken _token;

    public GraphMailTransport(IHttpClientFactory httpClients, MailOptions options, MimeMailFactory messages, TimeProvider time, ILogger<GraphMailTransport> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _httpClients = httpClients;
        _graph = options.Graph;
        _messages = messages;
        _time = time;
        _logger = logger;
        var endpoint = new Uri(Directory(_graph.Authority), $"{Uri.EscapeDataString(_graph.TenantId!)}/oauth2/v2.0/token");
        _token = new ClientCredentialsToken(
            httpClients,
            HttpClientName,
            new(endpoint, _graph.ClientId!, _graph.ClientSecret!, "https://graph.microsoft.com/.default", _graph.TimeoutSeconds),
            time,
            logger);
    }

    public string Name => "Graph";

    public async Task<SendResult> SendAsync(OutgoingMail mail, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mail);
        if (!_messages.TryCreate(mail, out var message, out var rejected))
        {
            return rejected;
        }

        byte[] body;
        using (message)
        {
            body = await PayloadAsync(message, cancellationToken);
        }

        for (var attempt = 0; ; attempt++)
        {
            var (token, failure) = await _token.GetAsync(refresh: attempt > 0, cancellationToken);
            if (failure is not null)
            {
                return new SendResult.RetryLater(failure);
            }

            var (result, unauthorized) = await PostAsync(token!, body, cancellationToken);
            if (!unauthorized)
            {
                return result;
            }

            if (attempt > 0)
            {
                // A fresh token refused too: the app registration is wrong, not the message.
                return new SendResult.RetryLater("Graph refused a fresh token (401); check the app registration and its Mail.Send permission");
            }

            LogTokenRefused();
        }
    }

    /// <summary>The message as Graph's MIME send wants it: the RFC 5322 text, base64-encoded.</summary>
    internal static async Task<byte[]> PayloadAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var mime = new MemoryStream();
        await message.WriteToAsync(MimeMailFactory.Wire, mime, cancellationToken);
        return System.Text.Encoding.ASCII.GetBytes(Convert.ToBase64String(mime.GetBuffer(), 0, (int)mime.Length));
    }

    private async Task<(SendResult Result, bool Unauthorized)> PostAsync(string token, byte[] body, CancellationToken cancellationToken)
    {
        var url = new Uri(Directory(_graph.Endpoint), $"users/{Uri.EscapeDataString(_graph.Sender!)}/sendMail");
        using var content = new TrackedJsonContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(_graph.TimeoutSeconds));
        try
        {
            using var response = await _httpClients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            if (response.IsSuccessStatusCode)
            {
                return (new SendResult.Sent($"{(int)response.StatusCode} accepted by Graph"), false);
            }

            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                _token.Invalidate(token);
                return (new SendResult.RetryLater("401 from Graph"), true);
            }

            var text = await ClientCredentialsToken.ReadShortAsync(response, deadline.Token);
            return (HttpOutcome.FromFailure(response, HttpOutcome.ErrorMessage(text), _time), false);
        }
        catch (Exception e) when (e is HttpRequestException or IOException
            || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested)
            || (e is OperationCanceledException && content.Sent))
        {
            var reason = e is OperationCanceledException ? $"no answer from Graph within {_graph.TimeoutSeconds} s" : "Graph could not be reached: " + e.Message;
            return (content.Sent
                ? new SendResult.Ambiguous(reason + " after the request was sent; it may have been delivered")
                : new SendResult.RetryLater(reason), false);
        }
    }

    /// <summary>A base URL configured without its trailing slash would lose its last segment (<c>v1.0</c>) when combined.</summary>
    private static Uri Directory(Uri uri) => uri.AbsolutePath.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri.TrimEnd('/') + "/");

    public void Dispose() => _token.Dispose();

    [LoggerMessage(Level = LogLevel.Information, Message = "Graph refused the cached token (401); fetching a new one")]
    private partial void LogTokenRefused();
}
