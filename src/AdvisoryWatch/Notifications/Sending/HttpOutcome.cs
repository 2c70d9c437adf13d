using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace AdvisoryWatch.Notifications.Sending;

/// <summary>What HTTP-based transports (Graph, Teams webhooks) share: status mapping and a body that knows when it was sent.</summary>
internal static class HttpOutcome
{
    /// <summary>429, 408 and 5xx are worth retrying (with the server's Retry-After when given); other 4xx are refusals.</summary>
    public static SendResult FromFailure(HttpResponseMessage response, string reply, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(time);
        var status = (int)response.StatusCode;
        var text = $"{status} {response.ReasonPhrase}: {reply}".TrimEnd(' ', ':');
        return response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout || status >= 500
            ? new SendResult.RetryLater(text, RetryAfter(response.Headers.RetryAfter, time))
            : new SendResult.Rejected(text);
    }

    public static TimeSpan? RetryAfter(RetryConditionHeaderValue? header, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        if (header?.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - time.GetUtcNow();
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }

    /// <summary>The <c>error.message</c> of a Microsoft-style error body, else the start of the body.</summary>
    public static string ErrorMessage(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind == JsonValueKind.Object
                && doc.RootElement.TryGetProperty("error", out var error))
            {
                if (error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String)
                {
                    var code = error.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() + ": " : "";
                    return Short(code + message.GetString());
                }

                if (error.ValueKind == JsonValueKind.String)
                {
                    return Short(error.GetString());
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON: fall through to the raw text.
        }

        return Short(body);
    }

    private static string Short(string? text)
    {
        var line = (text ?? string.Empty).ReplaceLineEndings(" ").Trim();
        return line.Length <= 300 ? line : line[..300] + "…";
    }
}
