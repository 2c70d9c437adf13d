using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace AdvisoryWatch.Notifications.Sending.Channels.Mail;

/// <summary>
/// Microsoft Graph <c>sendMail</c> as an application (client credentials, <c>Mail.Send</c>
/// application permission), over plain REST.
/// <para>
/// What Graph's JSON message cannot carry: only the HTML body goes (Exchange derives the text part),
/// and <c>internetMessageHeaders</c> accepts only custom headers whose names start with <c>X-</c>,
/// so List-Unsubscribe, List-Unsubscribe-Post and Auto-Submitted are dropped here. The unsubscribe
/// link in the body still works; deployments that need one-click unsubscribe headers use SMTP
/// (Exchange Online accepts authenticated SMTP submission).
/// </para>
/// </summary>
internal sealed partial class GraphMailTransport(
    IHttpClientFactory httpClients,
    MailOptions options,
    TimeProvider time,
    ILogger<GraphMailTransport> logger) : IMailTransport, IDisposable
{
    public const string HttpClientName = "AdvisoryWatch.Graph";

    private readonly MailOptions.GraphSettings _graph = options.Graph;
    private readonly System.Net.Mail.MailAddress _from = new(options.From, options.FromName);
    private readonly SemaphoreSlim _tokenGate = new(1, 1);
    private CachedToken? _token;

    public string Name => "Graph";

    public async Task<SendResult> SendAsync(OutgoingMail mail, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mail);

        // The same checks and subject cleaning as every other transport.
        if (!MailMessageBuilder.TryBuild(mail, _from, logger, out var built, out var rejected))
        {
            return rejected;
        }

        byte[] json;
        using (built)
        {
            json = Payload(mail, built.Message.Subject);
        }

        for (var attempt = 0; ; attempt++)
        {
            var (token, failure) = await TokenAsync(refresh: attempt > 0, cancellationToken);
            if (failure is not null)
            {
                return failure;
            }

            var (result, unauthorized) = await PostAsync(token!, json, cancellationToken);
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

    internal static byte[] Payload(OutgoingMail mail, string subject)
    {
        var headers = mail.Headers
            .Where(h => h.Key.StartsWith("X-", StringComparison.OrdinalIgnoreCase))
            .Select(h => new { name = h.Key, value = h.Value })
            .ToList();
        var message = new Dictionary<string, object>
        {
            ["subject"] = subject,
            ["body"] = new { contentType = "HTML", content = mail.HtmlBody },
            ["toRecipients"] = new[] { new { emailAddress = new { address = mail.To.Trim(), name = mail.ToName ?? mail.To.Trim() } } },
            ["internetMessageId"] = "<" + mail.MessageId + ">",
        };
        if (headers.Count > 0)
        {
            message["internetMessageHeaders"] = headers;
        }

        return JsonSerializer.SerializeToUtf8Bytes(new { message, saveToSentItems = false });
    }

    private async Task<(SendResult Result, bool Unauthorized)> PostAsync(string token, byte[] json, CancellationToken cancellationToken)
    {
        var url = new Uri(Directory(_graph.Endpoint), $"users/{Uri.EscapeDataString(_graph.Sender!)}/sendMail");
        using var content = new TrackedJsonContent(json);
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(_graph.TimeoutSeconds));
        try
        {
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            if (response.IsSuccessStatusCode)
            {
                return (new SendResult.Sent($"{(int)response.StatusCode} accepted by Graph"), false);
            }

            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                return (new SendResult.RetryLater("401 from Graph"), true);
            }

            var body = await ReadShortAsync(response, deadline.Token);
            return (HttpOutcome.FromFailure(response, HttpOutcome.ErrorMessage(body), time), false);
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

    /// <summary>A client-credentials token, cached until five minutes (or half its life) before it expires.</summary>
    private async Task<(string? Token, SendResult? Failure)> TokenAsync(bool refresh, CancellationToken cancellationToken)
    {
        var cached = _token;
        if (!refresh && cached is not null && time.GetUtcNow() < cached.RefreshAt)
        {
            return (cached.Value, null);
        }

        await _tokenGate.WaitAsync(cancellationToken);
        try
        {
            // Another caller may have refreshed it while this one waited.
            if (_token is { } now && now != cached && time.GetUtcNow() < now.RefreshAt)
            {
                return (now.Value, null);
            }

            var url = new Uri(Directory(_graph.Authority), $"{Uri.EscapeDataString(_graph.TenantId!)}/oauth2/v2.0/token");
            using var form = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["client_id"] = _graph.ClientId!,
                ["client_secret"] = _graph.ClientSecret!,
                ["scope"] = "https://graph.microsoft.com/.default",
                ["grant_type"] = "client_credentials",
            });
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(TimeSpan.FromSeconds(_graph.TimeoutSeconds));
            try
            {
                var started = time.GetUtcNow();
                using var response = await httpClients.CreateClient(HttpClientName).PostAsync(url, form, deadline.Token);
                var body = await ReadShortAsync(response, deadline.Token);
                if (!response.IsSuccessStatusCode)
                {
                    // Never the body's description wholesale: it is short, but say only what the admin needs.
                    LogTokenFailed((int)response.StatusCode, TokenError(body));
                    return (null, new SendResult.RetryLater($"the token request was refused ({(int)response.StatusCode} {TokenError(body)})"));
                }

                using var doc = JsonDocument.Parse(body);
                var token = doc.RootElement.GetProperty("access_token").GetString()!;
                var lifetime = TimeSpan.FromSeconds(doc.RootElement.TryGetProperty("expires_in", out var e) && e.TryGetInt32(out var s) ? s : 3600);
                var margin = TimeSpan.FromTicks(Math.Min(TimeSpan.FromMinutes(5).Ticks, lifetime.Ticks / 2));
                _token = new CachedToken(token, started + lifetime - margin);
                return (token, null);
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or JsonException or KeyNotFoundException or InvalidOperationException
                || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                return (null, new SendResult.RetryLater("no token from the identity platform: " + ex.GetType().Name + ": " + ex.Message));
            }
        }
        finally
        {
            _tokenGate.Release();
        }
    }

    /// <summary>A base URL configured without its trailing slash would lose its last segment (<c>v1.0</c>) when combined.</summary>
    private static Uri Directory(Uri uri) => uri.AbsolutePath.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri.TrimEnd('/') + "/");

    private static string TokenError(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            return doc.RootElement.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() ?? "" : "";
        }
        catch (JsonException)
        {
            return "";
        }
    }

    private static async Task<string> ReadShortAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        return System.Text.Encoding.UTF8.GetString(bytes, 0, Math.Min(bytes.Length, 64 * 1024));
    }

    public void Dispose() => _tokenGate.Dispose();

    private sealed record CachedToken(string Value, DateTimeOffset RefreshAt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Graph refused the cached token (401); fetching a new one")]
    private partial void LogTokenRefused();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Graph token request refused: {Status} {Error}")]
    private partial void LogTokenFailed(int status, string error);
}
