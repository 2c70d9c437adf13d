using System.Text.Json;
using AdvisoryWatch.Contracts;
using AdvisoryWatch.Notifications.Rendering;
using AdvisoryWatch.Notifications.Sending;
using AdvisoryWatch.Notifications.Sending.Channels.Mail;
using AdvisoryWatch.Notifications.Sending.Channels.Teams;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AdvisoryWatch.IntegrationTests.Notifications;

/// <summary>The Teams notifier against a loopback stand-in for a Workflows webhook.</summary>
public sealed class TeamsNotifierTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static readonly TeamsMessage Message = new(
        "Kritisk sårbarhet i Exchange",
        "NSM anbefaler å oppdatere umiddelbart.",
        new Uri("https://nsm.no/aktuelt/exchange"),
        "Les varselet",
        Severity.Urgent,
        [new("Kilde", "NSM"), new("Emne", "Sårbarheter")]);

    private static ServiceProvider Services()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddMailServices(new ConfigurationBuilder().Build());
        return services.BuildServiceProvider();
    }

    private static Uri Webhook(HttpStub stub) => new(stub.BaseUrl, "workflows/abc/triggers/manual/paths/invoke?api-version=1&sig=SECRET");

    [Fact]
    public async Task The_webhook_receives_a_message_with_one_adaptive_card()
    {
        await using var stub = await HttpStub.StartAsync((_, response) =>
        {
            response.StatusCode = 202;
            return Task.CompletedTask;
        });
        await using var sp = Services();

        var result = await sp.GetRequiredService<ITeamsNotifier>().PostAsync(Webhook(stub), Message, Token);

        Assert.IsType<SendResult.Sent>(result);
        var request = Assert.Single(stub.Requests);
        Assert.Equal("POST", request.Method);
        Assert.StartsWith("application/json", request.ContentType, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(request.Body);
        Assert.Equal("message", json.RootElement.GetProperty("type").GetString());
        var attachment = Assert.Single(json.RootElement.GetProperty("attachments").EnumerateArray());
        Assert.Equal("application/vnd.microsoft.card.adaptive", attachment.GetProperty("contentType").GetString());
        var card = attachment.GetProperty("content");
        Assert.Equal("AdaptiveCard", card.GetProperty("type").GetString());
        Assert.Equal("1.4", card.GetProperty("version").GetString());
        var body = card.GetProperty("body").EnumerateArray().ToList();
        Assert.Equal("Kritisk sårbarhet i Exchange", body[0].GetProperty("text").GetString());
        Assert.Equal("Attention", body[0].GetProperty("color").GetString());
        Assert.Equal("NSM anbefaler å oppdatere umiddelbart.", body[1].GetProperty("text").GetString());
        var facts = body.Single(b => b.GetProperty("type").GetString() == "FactSet").GetProperty("facts").EnumerateArray()
            .Select(f => (f.GetProperty("title").GetString(), f.GetProperty("value").GetString())).ToList();
        Assert.Equal([("Kilde", "NSM"), ("Emne", "Sårbarheter")], facts);
        var action = Assert.Single(card.GetProperty("actions").EnumerateArray());
        Assert.Equal("Action.OpenUrl", action.GetProperty("type").GetString());
        Assert.Equal("Les varselet", action.GetProperty("title").GetString());
        Assert.Equal("https://nsm.no/aktuelt/exchange", action.GetProperty("url").GetString());
    }

    [Theory]
    [InlineData(429, typeof(SendResult.RetryLater))]
    [InlineData(502, typeof(SendResult.RetryLater))]
    [InlineData(400, typeof(SendResult.Rejected))]
    [InlineData(404, typeof(SendResult.Rejected))]
    public async Task Failures_map_to_retry_or_rejection(int status, Type expected)
    {
        await using var stub = await HttpStub.StartAsync((_, response) =>
        {
            response.StatusCode = status;
            return response.WriteAsync("""{"error":{"code":"Nope","message":"webhook says no"}}""");
        });
        await using var sp = Services();

        var result = await sp.GetRequiredService<ITeamsNotifier>().PostAsync(Webhook(stub), Message, Token);

        Assert.IsType(expected, result);
    }
}
