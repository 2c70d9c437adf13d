using System.Web;
using AdvisoryWatch.Notifications.Sending;
using AdvisoryWatch.Notifications.Sending.Channels.Mail;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AdvisoryWatch.IntegrationTests.Notifications;

/// <summary>The Graph transport, chosen by configuration, against a loopback stand-in for the identity platform and Graph.</summary>
public sealed class GraphTransportTests
{
    private const string Tenant = "contoso.onmicrosoft.com";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static ServiceProvider Services(HttpStub stub, int timeoutSeconds = 10, TimeProvider? time = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AdvisoryWatch:Mail:Transport"] = "Graph",
            ["AdvisoryWatch:Mail:From"] = "varsel@contoso.no",
            ["AdvisoryWatch:Mail:Graph:TenantId"] = Tenant,
            ["AdvisoryWatch:Mail:Graph:ClientId"] = "client-1",
            ["AdvisoryWatch:Mail:Graph:ClientSecret"] = "s3cret~value",
            ["AdvisoryWatch:Mail:Graph:Sender"] = "varsel@contoso.no",
            ["AdvisoryWatch:Mail:Graph:Authority"] = stub.BaseUrl.ToString(),
            // Without the trailing slash an admin may well leave off.
            ["AdvisoryWatch:Mail:Graph:Endpoint"] = new Uri(stub.BaseUrl, "v1.0").ToString(),
            ["AdvisoryWatch:Mail:Graph:TimeoutSeconds"] = timeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(time ?? TimeProvider.System);
        services.AddMailServices(configuration);
        return services.BuildServiceProvider();
    }

    /// <summary>The token endpoint hands out numbered tokens; sendMail answers what <paramref name="send"/> says.</summary>
    private static Task<HttpStub> StubAsync(Func<StubRequest, HttpResponse, Task> send)
    {
        var issued = 0;
        return HttpStub.StartAsync(async (request, response) =>
        {
            if (request.Path == $"/{Tenant}/oauth2/v2.0/token")
            {
                var n = Interlocked.Increment(ref issued);
                response.ContentType = "application/json";
                await response.WriteAsync($$"""{"token_type":"Bearer","expires_in":3599,"access_token":"token-{{n}}"}""");
                return;
            }

            await send(request, response);
        });
    }

    private static Task Accept(StubRequest request, HttpResponse response)
    {
        response.StatusCode = 202;
        return Task.CompletedTask;
    }

    private static StubRequest[] SendMails(HttpStub stub) => [.. stub.Requests.Where(r => r.Path.EndsWith("/sendMail", StringComparison.Ordinal))];

    private static StubRequest[] TokenRequests(HttpStub stub) => [.. stub.Requests.Where(r => r.Path.EndsWith("/token", StringComparison.Ordinal))];

    [Fact]
    public async Task A_message_is_sent_as_the_configured_mailbox_with_a_client_credentials_token_reused_across_sends()
    {
        await using var stub = await StubAsync(Accept);
        await using var sp = Services(stub);
        var transport = sp.GetRequiredService<IMailTransport>();
        var mail = SmtpTransportTests.Mail("anne@contoso.no", messageId: "g-1@advisorywatch.test") with
        {
            Headers = [new("List-Unsubscribe", "<https://aw.example/u/1>"), new("X-AdvisoryWatch-Department", "it-sikkerhet")],
        };

        var first = await transport.SendAsync(mail, Token);
        var second = await transport.SendAsync(mail with { MessageId = "g-2@advisorywatch.test" }, Token);

        Assert.Equal("Graph", transport.Name);
        Assert.IsType<SendResult.Sent>(first);
        Assert.IsType<SendResult.Sent>(second);
        var token = Assert.Single(TokenRequests(stub));
        var form = HttpUtility.ParseQueryString(token.Body);
        Assert.Equal("client-1", form["client_id"]);
        Assert.Equal("s3cret~value", form["client_secret"]);
        Assert.Equal("https://graph.microsoft.com/.default", form["scope"]);
        Assert.Equal("client_credentials", form["grant_type"]);

        var sends = SendMails(stub);
        Assert.Equal(2, sends.Length);
        Assert.All(sends, s => Assert.Equal("Bearer token-1", s.Authorization));
        Assert.All(sends, s => Assert.Equal("/v1.0/users/varsel@contoso.no/sendMail", s.Path));
        // Graph's MIME send: the message the other transports send, base64 in a text/plain body.
        Assert.All(sends, s => Assert.StartsWith("text/plain", s.ContentType, StringComparison.Ordinal));
        using var mime = new MemoryStream(Convert.FromBase64String(sends[0].Body));
        using var message = await MimeKit.MimeMessage.LoadAsync(mime, Token);
        Assert.Equal("Ny veiledning fra NSM", message.Subject);
        Assert.Equal("g-1@advisorywatch.test", message.MessageId);
        var recipient = Assert.Single(message.To.Mailboxes);
        Assert.Equal("anne@contoso.no", recipient.Address);
        Assert.Equal("Mottaker Ærlig", recipient.Name);
        Assert.Equal(mail.HtmlBody, message.HtmlBody);
        Assert.Equal(mail.TextBody, message.TextBody);

        // Every header travels, not only X- ones as in Graph's JSON message.
        Assert.Equal("<https://aw.example/u/1>", message.Headers["List-Unsubscribe"]);
        Assert.Equal("auto-generated", message.Headers["Auto-Submitted"]);
        Assert.Equal("it-sikkerhet", message.Headers["X-AdvisoryWatch-Department"]);
    }

    [Fact]
    public async Task A_new_token_is_fetched_shortly_before_the_cached_one_expires()
    {
        await using var stub = await StubAsync(Accept);
        var time = new ManualTime();
        await using var sp = Services(stub, time: time);
        var transport = sp.GetRequiredService<IMailTransport>();

        await transport.SendAsync(SmtpTransportTests.Mail("anne@contoso.no"), Token);
        time.Advance(TimeSpan.FromSeconds(3599 - 301));
        await transport.SendAsync(SmtpTransportTests.Mail("anne@contoso.no"), Token);
        time.Advance(TimeSpan.FromSeconds(2));
        await transport.SendAsync(SmtpTransportTests.Mail("anne@contoso.no"), Token);

        Assert.Equal(2, TokenRequests(stub).Length);
        Assert.Equal(["Bearer token-1", "Bearer token-1", "Bearer token-2"], SendMails(stub).Select(s => s.Authorization));
    }

    [Fact]
    public async Task Throttling_with_retry_after_is_retried_later_after_that_delay()
    {
        await using var stub = await StubAsync((_, response) =>
        {
            response.StatusCode = 429;
            response.Headers.RetryAfter = "42";
            return response.WriteAsync("""{"error":{"code":"ApplicationThrottled","message":"Too many requests"}}""");
        });
        await using var sp = Services(stub);

        var result = await sp.GetRequiredService<IMailTransport>().SendAsync(SmtpTransportTests.Mail("anne@contoso.no"), Token);

        var retry = Assert.IsType<SendResult.RetryLater>(result);
        Assert.Equal(TimeSpan.FromSeconds(42), retry.RetryAfter);
    }

    [Fact]
    public async Task A_refused_token_is_renewed_once_and_the_send_repeated()
    {
        await using var stub = await StubAsync((request, response) =>
        {
            response.StatusCode = request.Authorization == "Bearer token-1" ? 401 : 202;
            return Task.CompletedTask;
        });
        await using var sp = Services(stub);

        var result = await sp.GetRequiredService<IMailTransport>().SendAsync(SmtpTransportTests.Mail("anne@contoso.no"), Token);

        Assert.IsType<SendResult.Sent>(result);
        Assert.Equal(2, TokenRequests(stub).Length);
        Assert.Equal(["Bearer token-1", "Bearer token-2"], SendMails(stub).Select(s => s.Authorization));
    }

    [Fact]
    public async Task A_bad_request_is_rejected_with_graphs_error_message()
    {
        await using var stub = await StubAsync((_, response) =>
        {
            response.StatusCode = 400;
            return response.WriteAsync("""{"error":{"code":"ErrorInvalidRecipients","message":"At least one recipient is not valid."}}""");
        });
        await using var sp = Services(stub);

        var result = await sp.GetRequiredService<IMailTransport>().SendAsync(SmtpTransportTests.Mail("anne@contoso.no"), Token);

        Assert.Contains("At least one recipient is not valid.", Assert.IsType<SendResult.Rejected>(result).Reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_answer_after_the_request_was_sent_is_ambiguous()
    {
        await using var stub = await StubAsync((_, response) => Task.Delay(TimeSpan.FromSeconds(30), response.HttpContext.RequestAborted));
        await using var sp = Services(stub, timeoutSeconds: 1);

        var result = await sp.GetRequiredService<IMailTransport>().SendAsync(SmtpTransportTests.Mail("anne@contoso.no"), Token);

        Assert.IsType<SendResult.Ambiguous>(result);
        Assert.Single(SendMails(stub));
    }

    [Fact]
    public async Task An_unreachable_identity_platform_is_retried_later_and_nothing_is_sent()
    {
        HttpStub stub;
        await using (stub = await StubAsync(Accept))
        {
        }

        await using var sp = Services(stub);

        var result = await sp.GetRequiredService<IMailTransport>().SendAsync(SmtpTransportTests.Mail("anne@contoso.no"), Token);

        Assert.IsType<SendResult.RetryLater>(result);
    }

    private sealed class ManualTime : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
