using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using AdvisoryWatch.Changes;
using AdvisoryWatch.Contracts;
using AdvisoryWatch.Data;
using AdvisoryWatch.Departments;
using AdvisoryWatch.Hosting;
using AdvisoryWatch.Notifications;
using AdvisoryWatch.Notifications.Sending.Channels.Mail;
using AdvisoryWatch.Notifications.Sending;
using AdvisoryWatch.Sources;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AdvisoryWatch.Benchmarks;

/// <summary>
/// One change fanned out to 10,000 recipients through the real host — planner consumer, leased
/// sender, renderer, SMTP transport — into Postfix's <c>smtp-sink</c> on loopback. The ceiling is
/// Postfix's own <c>smtp-source</c> sending the same number of messages of the same size with the
/// same number of sessions to the same sink, in the same run.
/// </summary>
internal static class MailBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = new Options(args);
        var recipients = options.GetInt("recipients", 10_000);
        var sessions = options.GetInt("sessions", 8);
        foreach (var tool in new[] { "/usr/sbin/smtp-sink", "/usr/sbin/smtp-source" })
        {
            if (!File.Exists(tool))
            {
                Console.Error.WriteLine($"{tool} is missing: install Debian's postfix package (its tools only; no mail server needs to run).");
                return 2;
            }
        }

        var port = FreePort();
        using var sink = Process.Start(new ProcessStartInfo("/usr/sbin/smtp-sink", ["-u", "nobody", $"127.0.0.1:{port}", "1024"]) { RedirectStandardError = true })!;
        var data = Path.Combine(Path.GetTempPath(), "advisorywatch-bench-" + Guid.NewGuid().ToString("N"));
        try
        {
            await WaitForPortAsync(port);
            var settings = new HostSettings([], data, "http://127.0.0.1:0")
            {
                Overrides = new Dictionary<string, string?>
                {
                    ["AdvisoryWatch:Seeds:Enabled"] = "false",
                    ["AdvisoryWatch:Mail:Smtp:Host"] = "127.0.0.1",
                    ["AdvisoryWatch:Mail:Smtp:Port"] = port.ToString(CultureInfo.InvariantCulture),
                    ["AdvisoryWatch:Mail:Smtp:Connections"] = sessions.ToString(CultureInfo.InvariantCulture),
                    ["AdvisoryWatch:Notifications:SendConcurrency"] = sessions.ToString(CultureInfo.InvariantCulture),
                    ["AdvisoryWatch:Notifications:BatchSize"] = "2000",
                    ["AdvisoryWatch:Notifications:SendInterval"] = "00:00:00.100",
                    ["Logging:LogLevel:Default"] = "Warning",
                },
            };
            await using var app = await RunCommand.StartAsync(settings, Console.Error, CancellationToken.None) ?? throw new InvalidOperationException("the host did not start");
            var change = await SetUpAsync(app, recipients);

            // One message as the product renders it: the ceiling sends messages of the same size.
            var size = await SampleSizeAsync(app, change);

            var clock = Stopwatch.StartNew();
            await app.Services.GetRequiredService<IBus>().Publish(change);
            int sent;
            double? planned = null;
            do
            {
                await Task.Delay(50);
                if (planned is null && await WithDbAsync(app, db => db.Set<Delivery>().CountAsync()) >= recipients)
                {
                    planned = clock.Elapsed.TotalSeconds;
                }

                sent = await WithDbAsync(app, db => db.Set<Delivery>().CountAsync(d => d.State == DeliveryState.Sent));
            }
            while (sent < recipients && clock.Elapsed < TimeSpan.FromMinutes(10));
            var ours = clock.Elapsed.TotalSeconds;
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"planned {recipients} deliveries in {planned:F2} s; all sent at {ours:F2} s"));
            var failed = await WithDbAsync(app, db => db.Set<Delivery>().CountAsync(d => d.State != DeliveryState.Sent));
            var transportAlone = await TransportAloneAsync(app, change, recipients, sessions);
            await app.StopAsync();

            var ceiling = await SmtpSourceAsync(port, recipients, sessions, size);
            Console.WriteLine($"### Fan-out of one change to {recipients:N0} recipients into smtp-sink ({sessions} sessions, {size / 1024.0:F1} KB messages)");
            Console.WriteLine();
            Console.WriteLine("| measure | value | reference |");
            Console.WriteLine("|---|---:|---|");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| AdvisoryWatch: event published → every delivery sent | {ours:F1} s, {recipients / ours:F0} mails/s | {(failed == 0 ? "all sent" : $"{failed} not sent")} |"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| the SMTP transport alone: one rendered message to as many recipients, {sessions} at a time | {transportAlone:F1} s, {recipients / transportAlone:F0} mails/s | {ceiling / transportAlone * 100:F0}% of the ceiling |"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| Postfix smtp-source, same sink, sessions and size (ceiling) | {ceiling:F1} s, {recipients / ceiling:F0} mails/s | AdvisoryWatch reaches {ceiling / ours * 100:F0}% of it |"));
            return failed == 0 ? 0 : 1;
        }
        finally
        {
            sink.Kill(entireProcessTree: true);
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Directory.Exists(data))
            {
                Directory.Delete(data, recursive: true);
            }
        }
    }

    private static async Task<ChangeDetected> SetUpAsync(WebApplication app, int recipients)
    {
        var now = TimeProvider.System.GetUtcNow();
        var advisoryId = Guid.NewGuid();
        var changeId = Guid.NewGuid();
        const string Title = "Råd om bruk av TikTok og Telegram på tjenestetelefoner";
        const string Summary = "NSM fraråder at TikTok og Telegram installeres på tjenestetelefoner i offentlig sektor. Virksomhetene bes følge med på utviklingen og vurdere ytterligere tiltak dersom risikobildet endrer seg.";
        await WithDbAsync(app, async db =>
        {
            db.Add(new Source { Id = "bench-nsm", Name = "NSM – alle oppdateringer", Authority = "NSM", Country = "NO", Language = "nb", Kind = SourceKind.Feed, Url = "https://nsm.example/rss", NextCheckAtUtc = DateTimeOffset.MaxValue });
            db.Add(new Advisory { Id = advisoryId, SourceId = "bench-nsm", ItemKey = "bench-1", Title = Title, Url = "https://nsm.example/tiktok", Summary = Summary, Topics = ["tiktok", "telegram", "apps"], Language = "nb", ContentHash = "x", FirstSeenAtUtc = now, LastChangedAtUtc = now });
            db.Add(new AdvisoryVersion { Id = changeId, AdvisoryId = advisoryId, Version = 1, Kind = ChangeKind.Published, Title = Title, Url = "https://nsm.example/tiktok", Summary = Summary, ContentHash = "x", ObservedAtUtc = now });
            return await db.SaveChangesAsync();
        });
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var department = new DepartmentDefinition
            {
                Id = "bench",
                Name = "Byrådsavdeling for finans",
                Recipients = [.. Enumerable.Range(0, recipients).Select(i => new RecipientDefinition { Address = $"user{i:D5}@bench.example" })],
                Subscriptions = [new SubscriptionDefinition { Topics = ["tiktok"], Cadence = "immediate" }],
            };
            await scope.ServiceProvider.GetRequiredService<DepartmentImporter>().ImportAsAdminAsync([department], CancellationToken.None);
        }

        return new ChangeDetected(changeId, advisoryId, "bench-nsm", ChangeKind.Published, Severity.High, Title, "https://nsm.example/tiktok", Summary, ["tiktok", "telegram", "apps"], "nb", now);
    }

    private static async Task<int> SampleSizeAsync(WebApplication app, ChangeDetected change)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var composer = scope.ServiceProvider.GetRequiredService<MessageComposer>();
        var facts = (await composer.LoadChangesAsync([change.ChangeId], CancellationToken.None))[change.ChangeId];
        var db = scope.ServiceProvider.GetRequiredService<AdvisoryWatchDbContext>();
        var recipient = await db.Set<Recipient>().AsNoTracking().OrderBy(r => r.Address).FirstAsync();
        var department = await db.Set<Department>().AsNoTracking().SingleAsync();
        var audience = new Audience(recipient, department);
        var delivery = new Delivery { Id = Guid.NewGuid(), DepartmentId = department.Id, Address = recipient.Address, Severity = change.Severity, Mode = DeliveryMode.Immediate };
        var message = composer.Render(composer.Alert(delivery, facts, audience));

        // Both alternatives plus headers, as encoded on the wire (roughly 1.05× for quoted-printable UTF-8).
        return (int)((message.TextBody.Length + message.HtmlBody.Length) * 1.05) + 800;
    }

    /// <summary>
    /// The product's transport without the host around it (no planning, rendering or saving): how
    /// much of the fan-out's time is the SMTP conversation itself.
    /// </summary>
    private static async Task<double> TransportAloneAsync(WebApplication app, ChangeDetected change, int recipients, int sessions)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var composer = scope.ServiceProvider.GetRequiredService<MessageComposer>();
        var facts = (await composer.LoadChangesAsync([change.ChangeId], CancellationToken.None))[change.ChangeId];
        var db = scope.ServiceProvider.GetRequiredService<AdvisoryWatchDbContext>();
        var recipient = await db.Set<Recipient>().AsNoTracking().OrderBy(r => r.Address).FirstAsync();
        var department = await db.Set<Department>().AsNoTracking().SingleAsync();
        var audience = new Audience(recipient, department);
        var delivery = new Delivery { Id = Guid.NewGuid(), DepartmentId = department.Id, Address = recipient.Address, Severity = change.Severity, Mode = DeliveryMode.Immediate };
        var model = composer.Alert(delivery, facts, audience);
        var mail = composer.Mail(delivery.Id, audience, composer.Render(model), model.UnsubscribeUrl);
        var transport = app.Services.GetRequiredService<IMailTransport>();
        var failed = 0;
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, recipients), new ParallelOptions { MaxDegreeOfParallelism = sessions }, async (i, ct) =>
        {
            var one = mail with { MessageId = $"alone-{i}@bench.example", To = $"alone{i:D5}@bench.example" };
            if (await transport.SendAsync(one, ct) is not SendResult.Sent)
            {
                Interlocked.Increment(ref failed);
            }
        });
        var seconds = clock.Elapsed.TotalSeconds;
        if (failed > 0)
        {
            throw new InvalidOperationException($"{failed} messages were not accepted by the sink");
        }

        return seconds;
    }

    private static async Task<double> SmtpSourceAsync(int port, int messages, int sessions, int size)
    {
        var clock = Stopwatch.StartNew();
        using var source = Process.Start(new ProcessStartInfo("/usr/sbin/smtp-source",
            ["-s", sessions.ToString(CultureInfo.InvariantCulture), "-m", messages.ToString(CultureInfo.InvariantCulture), "-l", size.ToString(CultureInfo.InvariantCulture), "-f", "advisorywatch@bench.example", "-t", "user@bench.example", $"127.0.0.1:{port}"])
        { RedirectStandardOutput = true, RedirectStandardError = true })!;
        await source.WaitForExitAsync();
        if (source.ExitCode != 0)
        {
            throw new InvalidOperationException("smtp-source failed: " + await source.StandardError.ReadToEndAsync());
        }

        return clock.Elapsed.TotalSeconds;
    }

    private static async Task<T> WithDbAsync<T>(WebApplication app, Func<AdvisoryWatchDbContext, Task<T>> work)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<AdvisoryWatchDbContext>());
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private static async Task WaitForPortAsync(int port)
    {
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        throw new InvalidOperationException("smtp-sink did not start");
    }
}
