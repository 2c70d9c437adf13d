using System.Text.Json;

namespace AdvisoryWatch.Notifications.Sending.Channels.Mail;

/// <summary>
/// An OAuth 2.0 client-credentials access token (RFC 6749 §4.4) from one token endpoint, cached
/// until five minutes (or half its life) before it expires. Graph's sendMail and SMTP's XOAUTH2
/// both use one. Never throws for a refused or failed request: the reason comes back instead.
/// </summary>
internal sealed partial class ClientCredentialsToken(
    IHttpClientFactory httpClients,
    string httpClientName,
    ClientCredentialsToken.Settings settings,
    TimeProvider time,
    ILogger logger) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private CachedToken? _token;

    /// <summary>Where and as whom to ask; the secret is never logged.</summary>
    public sealed record Settings(Uri Endpoint, string ClientId, string ClientSecret, string Scope, int TimeoutSeconds);

    /// <summary>The cached token, or a fresh one when there is none, it is about to expire, or <paramref name="refresh"/> asks.</summary>
    public async Task<(string? Token, string? Failure)> GetAsync(bool refresh, CancellationToken cancellationToken)
    {
        var cached = _token;
        if (!refresh && cached is not null && time.GetUtcNow() < cached.RefreshAt)
        {
            return (cached.Value, null);
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            // Another caller may have refreshed it while this one waited.
            if (_token is { } now && now != cached && time.GetUtcNow() < now.RefreshAt)
            {
                return (now.Value, null);
            }

            using var form = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["client_id"] = settings.ClientId,
                ["client_secret"] = settings.ClientSecret,
                ["scope"] = settings.Scope,
                ["grant_type"] = "client_credentials",
            });
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(TimeSpan.FromSeconds(settings.TimeoutSeconds));
            try
            {
                var started = time.GetUtcNow();
                using var response = await httpClients.CreateClient(httpClientName).PostAsync(settings.Endpoint, form, deadline.Token);
                var body = await ReadShortAsync(response, deadline.Token);
                if (!response.IsSuccessStatusCode)
                {
                    // Never the body's description wholesale: it is short, but say only what the admin needs.
                    LogTokenFailed(logger, settings.Endpoint.Host, (int)response.StatusCode, TokenError(body));
                    return (null, $"the token request was refused ({(int)response.StatusCode} {TokenError(body)})");
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
                return (null, "no token from the identity platform: " + ex.GetType().Name + ": " + ex.Message);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Forgets the cached token (the server refused it), so the next caller fetches a new one.</summary>
    public void Invalidate(string refused)
    {
        if (_token?.Value == refused)
        {
            _token = null;
        }
    }

    internal static async Task<string> ReadShortAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        return System.Text.Encoding.UTF8.GetString(bytes, 0, Math.Min(bytes.Length, 64 * 1024));
    }

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

    public void Dispose() => _gate.Dispose();

    private sealed record CachedToken(string Value, DateTimeOffset RefreshAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Token request to {TokenHost} refused: {Status} {Error}")]
    private static partial void LogTokenFailed(ILogger logger, string tokenHost, int status, string error);
}
