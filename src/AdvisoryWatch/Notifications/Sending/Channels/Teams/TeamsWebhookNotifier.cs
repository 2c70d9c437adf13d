using System.Text.Json;
using System.Text.Json.Nodes;
using AdvisoryWatch.Contracts;
using AdvisoryWatch.Notifications.Rendering;

namespace AdvisoryWatch.Notifications.Sending.Channels.Teams;

/// <summary>
/// Posts an Adaptive Card (1.4: title, text, facts, an "open" button) to a Teams channel through a
/// Workflows webhook ("When a Teams webhook request is received"), which takes a message activity
/// with the card as an attachment. The URL carries its own signature, so it is a secret: only its
/// host is ever logged.
/// </summary>
internal sealed partial class TeamsWebhookNotifier(
    IHttpClientFactory httpClients,
    Microsoft.Extensions.Options.IOptions<TeamsOptions> options,
    TimeProvider time,
    ILogger<TeamsWebhookNotifier> logger) : ITeamsNotifier
{
    public const string HttpClientName = "AdvisoryWatch.Teams";

    public async Task<SendResult> PostAsync(Uri webhook, TeamsMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        ArgumentNullException.ThrowIfNull(message);
        if (!webhook.IsAbsoluteUri || webhook.Scheme is not ("https" or "http"))
        {
            return new SendResult.Rejected("the webhook is not an absolute http(s) URL");
        }

        using var content = new TrackedJsonContent(JsonSerializer.SerializeToUtf8Bytes(Card(message)));
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var timeout = options.Value.TimeoutSeconds;
        deadline.CancelAfter(TimeSpan.FromSeconds(timeout));
        try
        {
            using var response = await httpClients.CreateClient(HttpClientName).PostAsync(webhook, content, deadline.Token);
            if (response.IsSuccessStatusCode)
            {
                return new SendResult.Sent($"{(int)response.StatusCode} from {webhook.Host}");
            }

            var body = await response.Content.ReadAsStringAsync(deadline.Token);
            var result = HttpOutcome.FromFailure(response, HttpOutcome.ErrorMessage(body), time);
            LogRefused(webhook.Host, (int)response.StatusCode);
            return result;
        }
        catch (Exception e) when (e is HttpRequestException or IOException
            || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // A second post of the same card is harmless next to a lost one, so no ambiguity here.
            LogUnreachable(webhook.Host, e.GetType().Name);
            return new SendResult.RetryLater(e is OperationCanceledException
                ? $"no answer from {webhook.Host} within {timeout} s"
                : $"{webhook.Host} could not be reached: {e.Message}");
        }
    }

    internal static JsonObject Card(TeamsMessage message)
    {
        var body = new JsonArray
        {
            new JsonObject
            {
                ["type"] = "TextBlock",
                ["text"] = message.Title,
                ["size"] = "Medium",
                ["weight"] = "Bolder",
                ["wrap"] = true,
                ["color"] = message.Severity switch
                {
                    Severity.Urgent => "Attention",
                    Severity.High => "Warning",
                    _ => "Default",
                },
            },
            new JsonObject { ["type"] = "TextBlock", ["text"] = message.Text, ["wrap"] = true },
        };
        if (message.Facts.Count > 0)
        {
            var facts = new JsonArray();
            foreach (var (title, value) in message.Facts)
            {
                facts.Add(new JsonObject { ["title"] = title, ["value"] = value });
            }

            body.Add(new JsonObject { ["type"] = "FactSet", ["facts"] = facts });
        }

        var card = new JsonObject
        {
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["type"] = "AdaptiveCard",
            ["version"] = "1.4",
            ["body"] = body,
            ["msteams"] = new JsonObject { ["width"] = "Full" },
        };
        if (message.Link is { IsAbsoluteUri: true, Scheme: "https" or "http" } link)
        {
            card["actions"] = new JsonArray
            {
                new JsonObject { ["type"] = "Action.OpenUrl", ["title"] = message.LinkText, ["url"] = link.AbsoluteUri },
            };
        }

        return new JsonObject
        {
            ["type"] = "message",
            ["attachments"] = new JsonArray
            {
                new JsonObject
                {
                    ["contentType"] = "application/vnd.microsoft.card.adaptive",
                    ["contentUrl"] = null,
                    ["content"] = card,
                },
            },
        };
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Teams webhook on {WebhookHost} answered {Status}")]
    private partial void LogRefused(string webhookHost, int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Teams webhook on {WebhookHost} not reached ({Error})")]
    private partial void LogUnreachable(string webhookHost, string error);
}
