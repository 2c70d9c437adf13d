using AdvisoryWatch.Notifications.Sending;
using AdvisoryWatch.Notifications.Sending.Channels.Mail;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AdvisoryWatch.IntegrationTests.Notifications;

/// <summary>The embedded default, chosen the way the product chooses it: no SMTP host, a data directory.</summary>
public sealed class PickupTransportTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "aw-pickup-" + Guid.NewGuid().ToString("N"));

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private ServiceProvider Services()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["AdvisoryWatch:Mail:From"] = "varsel@aw.example" }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddMailServices(configuration);
        services.Configure<AdvisoryWatch.Hosting.HostingOptions>(o => o.DataDirectory = _data);
        return services.BuildServiceProvider();
    }

    [Fact]
    public async Task Without_an_smtp_host_each_message_id_becomes_one_eml_file_in_the_outbox_and_a_retry_overwrites_it()
    {
        await using var sp = Services();
        var transport = sp.GetRequiredService<IMailTransport>();
        var first = SmtpTransportTests.Mail("anne@aw-test.example", messageId: "m-1@advisorywatch.test");
        var other = SmtpTransportTests.Mail("bjorn@aw-test.example", messageId: "m-2@advisorywatch.test");

        var results = await Task.WhenAll(
            transport.SendAsync(first, Token),
            transport.SendAsync(first with { Subject = "Retried" }, Token),
            transport.SendAsync(other, Token));
        var retried = await transport.SendAsync(first with { Subject = "Retried again" }, Token);

        Assert.All(results.Append(retried), r => Assert.IsType<SendResult.Sent>(r));
        var outbox = Path.Combine(_data, "outbox");
        var files = Directory.GetFiles(outbox).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["m-1@advisorywatch.test.eml", "m-2@advisorywatch.test.eml"], files);
        var eml = await File.ReadAllTextAsync(Path.Combine(outbox, "m-1@advisorywatch.test.eml"), Token);
        Assert.Contains("Subject: Retried again", MailText.TopHeaders(eml));
        Assert.Contains("Message-ID: <m-1@advisorywatch.test>", MailText.TopHeaders(eml), StringComparer.OrdinalIgnoreCase);
        Assert.Single(MailText.TopHeaders(eml), h => h.StartsWith("X-Receiver:", StringComparison.Ordinal) && h.EndsWith("<anne@aw-test.example>", StringComparison.Ordinal));
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(outbox, ".tmp")));
    }

    public void Dispose()
    {
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }
}
