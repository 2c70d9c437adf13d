using System.Net;
using System.Text.Json;
using AdvisoryWatch.Changes;
using AdvisoryWatch.Contracts;
using AdvisoryWatch.Notifications;
using AdvisoryWatch.Notifications.Digests;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AdvisoryWatch.IntegrationTests.Notifications;

/// <summary>
/// From a change at a (stub) authority to mail in a real SMTP server, through the real host:
/// exactly one delivery per (change, recipient), digests once per period, temporary and permanent
/// refusals, unsubscribe, a relay outage, a crash after the server's 250.
/// </summary>
public sealed class DeliveryEndToEndTests
{
    private const string Immediate = "      - sources: [stub-nsm]\n        cadence: immediate";

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task An_immediate_alert_reaches_each_recipient_once_even_when_the_event_is_delivered_three_times(string provider)
    {
        await using var h = await NotificationHarness.CreateAsync(provider);
        string a = NotificationHarness.Address(), b = NotificationHarness.Address();
        await h.ImportAsync("sources:\n" + h.FeedSource("stub-nsm", "stub-nsm"));
        await h.ImportDepartmentsAsync(NotificationHarness.Department("t-immediate", [a, b], Immediate));

        await h.BaselineThenPublishAsync("stub-nsm", "Råd om TikTok og Telegram på jobbtelefoner");
        var rows = await h.WaitForDeliveriesAsync("t-immediate", r => r.Count == 2 && r.TrueForAll(d => d.State == DeliveryState.Sent));
        var mails = await MailSink.WaitForAsync(2, a, b);
        Assert.Equal(2, mails.Count);
        foreach (var row in rows)
        {
            var mail = Assert.Single(mails, m => m.EnvelopeTo.Contains(row.Address));
            Assert.Single(mail.EnvelopeTo);
            Assert.Equal($"<{row.Id:N}@advisorywatch>", mail.Header("Message-ID"));
            Assert.StartsWith("<http", mail.Header("List-Unsubscribe"), StringComparison.Ordinal);
            Assert.Equal("List-Unsubscribe=One-Click", mail.Header("List-Unsubscribe-Post"));
        }

        // The bus delivers at least once: the same event three more times changes nothing.
        var outbox = await h.App!.WithDbAsync(db => db.Set<OutboxMessage>().AsNoTracking().SingleAsync(m => m.MessageType == typeof(ChangeDetected).FullName));
        var change = JsonSerializer.Deserialize<ChangeDetected>(outbox.Payload, NotificationHarness.Json)!;
        var bus = h.App.App.Services.GetRequiredService<IBus>();
        for (var i = 0; i < 3; i++)
        {
            await bus.Publish(change, TestContext.Current.CancellationToken);
        }

        await WaitForChangeLogAsync(h, change.ChangeId, receipts: 4);
        await Task.Delay(1_000, TestContext.Current.CancellationToken);
        Assert.Equal(2, await h.App.WithDbAsync(db => db.Set<Delivery>().CountAsync(d => d.ChangeId == change.ChangeId)));
        Assert.Equal(2, MailSink.For(a, b).Count);
    }

    [Fact]
    public async Task Changes_announced_together_are_each_planned_once_for_every_recipient_and_logged_once()
    {
        await using var h = await NotificationHarness.CreateAsync();
        string a = NotificationHarness.Address(), b = NotificationHarness.Address();
        await h.ImportAsync("sources:\n" + h.FeedSource("stub-nsm", "stub-nsm"));
        await h.ImportDepartmentsAsync(NotificationHarness.Department("t-together", [a, b], Immediate));
        h.Stub.Set("stub-nsm", new StubResponse(200, AuthorityStub.Rss(("base-1", "Gammel sak", "Allerede kjent.", "Mon, 02 Nov 2026 09:00:00 +0100"))));
        await h.StartAsync();
        await h.WaitForPollAsync("stub-nsm", null);

        // One poll, three new items: the dispatcher publishes their events back to back, so the
        // consumers take them in one batch.
        h.Stub.Set("stub-nsm", new StubResponse(200, AuthorityStub.Rss(
            ("together-1", "Første nye sak", "Ny.", "Tue, 03 Nov 2026 10:30:00 +0100"),
            ("together-2", "Andre nye sak", "Ny.", "Tue, 03 Nov 2026 10:31:00 +0100"),
            ("together-3", "Tredje nye sak", "Ny.", "Tue, 03 Nov 2026 10:32:00 +0100"),
            ("base-1", "Gammel sak", "Allerede kjent.", "Mon, 02 Nov 2026 09:00:00 +0100"))));
        await h.CheckNowAsync("stub-nsm");

        var rows = await h.WaitForDeliveriesAsync("t-together", r => r.Count == 6 && r.TrueForAll(d => d.State == DeliveryState.Sent));
        Assert.Equal(3, rows.Select(r => r.ChangeId).Distinct().Count());
        Assert.All(rows.GroupBy(r => r.ChangeId), change => Assert.Equal(2, change.Select(r => r.RecipientId).Distinct().Count()));
        Assert.Equal(6, (await MailSink.WaitForAsync(6, a, b)).Count);
        await h.WaitForOutboxAsync();
        var log = await h.ChangeLogAsync();
        Assert.Equal(3, log.Count);
        Assert.All(log, e => Assert.Equal(1, e.Deliveries));
    }

    [Fact]
    public async Task A_temporary_refusal_retries_only_that_recipient_and_a_permanent_one_fails_with_the_reply()
    {
        await using var h = await NotificationHarness.CreateAsync();
        string ok1 = NotificationHarness.Address(), ok2 = NotificationHarness.Address();
        string later = NotificationHarness.Address("smtp-451"), never = NotificationHarness.Address("smtp-550");
        await h.ImportAsync("sources:\n" + h.FeedSource("stub-nsm", "stub-nsm"));
        await h.ImportDepartmentsAsync(NotificationHarness.Department("t-refusals", [ok1, ok2, later, never], Immediate));

        await h.BaselineThenPublishAsync("stub-nsm", "Ny sårbarhet i mobilapper");
        var rows = await h.WaitForDeliveriesAsync("t-refusals", r =>
            r.Count == 4 && r.Single(d => d.Address == later).Attempts >= 3 && r.Single(d => d.Address == never).State == DeliveryState.Failed);

        Assert.All(rows.Where(d => d.Address == ok1 || d.Address == ok2), d => Assert.Equal((DeliveryState.Sent, 1), (d.State, d.Attempts)));
        var retried = rows.Single(d => d.Address == later);
        Assert.Equal(DeliveryState.RetryWaiting, retried.State);
        Assert.Contains("451", retried.LastReply, StringComparison.Ordinal);
        var failed = rows.Single(d => d.Address == never);
        Assert.Equal(1, failed.Attempts);
        Assert.Contains("550", failed.LastReply, StringComparison.Ordinal);
        Assert.Single(MailSink.For(ok1));
        Assert.Single(MailSink.For(ok2));
        Assert.Empty(MailSink.For(later, never));

        // The audit trail shows the refusal with the server's words.
        var audit = await h.DeliveriesAsync("department=t-refusals&state=failed");
        var shown = Assert.Single(audit.Items);
        Assert.Equal(never, shown.Address);
        Assert.Contains("550", shown.LastReply, StringComparison.Ordinal);
        Assert.Equal("Ny sårbarhet i mobilapper", shown.Title);
    }

    [Fact]
    public async Task Digest_rows_wait_for_the_digest_time_and_each_period_is_sent_once_across_restarts()
    {
        await using var h = await NotificationHarness.CreateAsync();
        var a = NotificationHarness.Address();
        await h.ImportAsync("sources:\n" + h.FeedSource("stub-nsm", "stub-nsm"));
        await h.ImportDepartmentsAsync(NotificationHarness.Department("t-digest", [a], "      - sources: [stub-nsm]\n        cadence: daily 08:00"));

        await h.BaselineThenPublishAsync("stub-nsm", "Veileder for sosiale medier");
        var queued = Assert.Single(await h.WaitForDeliveriesAsync("t-digest", r => r.Count == 1));
        Assert.Equal((DeliveryMode.Digest, DeliveryState.Queued), (queued.Mode, queued.State));
        Assert.Equal(8, TimeZoneInfo.ConvertTime(queued.DueAtUtc!.Value, TimeZoneInfo.FindSystemTimeZoneById("Europe/Oslo")).Hour);
        await Task.Delay(600, TestContext.Current.CancellationToken);
        Assert.Empty(MailSink.For(a));

        // The digest time comes (the clock is real, so the row is moved instead).
        var due = TimeProvider.System.GetUtcNow().AddSeconds(-1);
        await h.App!.WithDbAsync(db => db.Set<Delivery>().Where(d => d.Id == queued.Id).ExecuteUpdateAsync(s => s.SetProperty(d => d.DueAtUtc, due)));
        var sent = Assert.Single(await h.WaitForDeliveriesAsync("t-digest", r => r[0].State == DeliveryState.Sent));
        var digest = await h.App.WithDbAsync(db => db.Set<Digest>().AsNoTracking().SingleAsync(d => d.Id == sent.DigestId));
        var mail = Assert.Single(await MailSink.WaitForAsync(1, a));
        Assert.Equal($"<{digest.Id:N}@advisorywatch>", mail.Header("Message-ID"));
        Assert.Equal(1, digest.ItemCount);

        // A restart and the job run again by hand: still one digest, one mail.
        await h.StopAsync();
        await h.StartAsync();
        await using (var scope = h.App.App.Services.CreateAsyncScope())
        {
            var job = scope.ServiceProvider.GetRequiredService<DigestBuilder>();
            Assert.Equal(0, await job.BuildDueAsync(TestContext.Current.CancellationToken));
        }

        await Task.Delay(600, TestContext.Current.CancellationToken);
        Assert.Single(MailSink.For(a));
        Assert.Equal(1, await h.App!.WithDbAsync(db => db.Set<Digest>().CountAsync()));
    }

    [Fact]
    public async Task After_a_crash_part_way_through_the_digests_each_subscriber_still_gets_exactly_one()
    {
        await using var h = await NotificationHarness.CreateAsync();
        var people = Enumerable.Range(0, 4).Select(_ => NotificationHarness.Address()).ToArray();
        await h.ImportAsync("sources:\n" + h.FeedSource("stub-nsm", "stub-nsm"));
        await h.ImportDepartmentsAsync(NotificationHarness.Department("t-s6", people, "      - sources: [stub-nsm]\n        cadence: daily 07:00"));
        await h.BaselineThenPublishAsync("stub-nsm", "Ukentlig oppsummering");
        await h.WaitForDeliveriesAsync("t-s6", r => r.Count == 4);
        await h.StopAsync();

        // The digest time has come; a node that builds digests but does not send them runs a while.
        var due = TimeProvider.System.GetUtcNow().AddSeconds(-1);
        h.Env.Settings["AdvisoryWatch:Roles"] = "Web,Scheduler";
        await h.StartAsync();
        await h.App!.WithDbAsync(db => db.Set<Delivery>().ExecuteUpdateAsync(s => s.SetProperty(d => d.DueAtUtc, due)));
        var digests = await WaitForAsync(h, db => db.Set<Digest>().AsNoTracking().ToListAsync(), d => d.Count == 4);

        // The crash, as it leaves the database: two digests went out and were recorded; the other
        // two were claimed by a worker that died before sending them.
        var before = TimeProvider.System.GetUtcNow().AddMinutes(-1);
        await h.App!.WithDbAsync(async db =>
        {
            var done = digests.Take(2).Select(d => d.Id).ToList();
            await db.Set<Digest>().Where(d => done.Contains(d.Id)).ExecuteUpdateAsync(s => s.SetProperty(d => d.State, DeliveryState.Sent).SetProperty(d => d.SentAtUtc, before).SetProperty(d => d.DueAtUtc, (DateTimeOffset?)null));
            var claimed = digests.Skip(2).Select(d => d.Id).ToList();
            return await db.Set<Digest>().Where(d => claimed.Contains(d.Id)).ExecuteUpdateAsync(s => s.SetProperty(d => d.LockToken, Guid.NewGuid()).SetProperty(d => d.LockedUntilUtc, before));
        });
        await h.StopAsync();

        // The restart, with every role.
        h.Env.Settings.Remove("AdvisoryWatch:Roles");
        await h.StartAsync();

        var rows = await WaitForAsync(h, db => db.Set<Digest>().AsNoTracking().ToListAsync(), d => d.TrueForAll(x => x.State == DeliveryState.Sent));
        Assert.Equal(4, rows.Count);
        var resent = digests.Skip(2).Select(d => d.Address).ToArray();
        await MailSink.WaitForAsync(2, resent);
        await using (var scope = h.App.App.Services.CreateAsyncScope())
        {
            Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<DigestBuilder>().BuildDueAsync(TestContext.Current.CancellationToken));
        }

        await Task.Delay(600, TestContext.Current.CancellationToken);
        Assert.All(resent, p => Assert.Single(MailSink.For(p)));
        Assert.Empty(MailSink.For([.. digests.Take(2).Select(d => d.Address)]));
        Assert.Equal(4, await h.App.WithDbAsync(db => db.Set<Digest>().CountAsync()));
    }

    [Fact]
    public async Task One_click_unsubscribe_needs_a_post_and_stops_later_mail()
    {
        await using var h = await NotificationHarness.CreateAsync();
        string stays = NotificationHarness.Address(), leaves = NotificationHarness.Address();
        await h.ImportAsync("sources:\n" + h.FeedSource("stub-nsm", "stub-nsm"));
        await h.ImportDepartmentsAsync(NotificationHarness.Department("t-unsub", [stays, leaves], Immediate));
        await h.BaselineThenPublishAsync("stub-nsm", "Første varsel");
        var mail = Assert.Single(await MailSink.WaitForAsync(1, leaves));
        var link = new Uri(mail.Header("List-Unsubscribe")!.Trim('<', '>'));
        var path = new Uri(link.PathAndQuery, UriKind.Relative);

        // A GET (a mail scanner, a link preview) shows a page and changes nothing.
        var page = await h.App!.Http.GetAsync(path, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<form method=\"post\">", await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Null(await UnsubscribedAtAsync(h, leaves));

        // RFC 8058: the mail client's POST, no cookie, no form token.
        using var oneClick = new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]);
        var posted = await h.App.Http.PostAsync(path, oneClick, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.NotNull(await UnsubscribedAtAsync(h, leaves));

        // A forged token is refused.
        var forged = await h.App.Http.PostAsync(new Uri(path.OriginalString[..^2] + "AA", UriKind.Relative), null, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, forged.StatusCode);

        await h.BaselineThenPublishAgainAsync("stub-nsm", "Andre varsel");
        await MailSink.WaitForAsync(2, stays);
        await Task.Delay(500, TestContext.Current.CancellationToken);
        Assert.Single(MailSink.For(leaves));
    }

    [Fact]
    public async Task A_relay_outage_is_probed_once_per_interval_and_everything_goes_out_once_when_it_returns()
    {
        await using var relay = await SmtpRelay.StartAsync(TestServices.SmtpHost, TestServices.SmtpPort);
        await using var h = await NotificationHarness.CreateAsync(smtpPort: relay.Port);
        h.Env.Settings["AdvisoryWatch:Notifications:RelayDownAfter"] = "2";
        var people = Enumerable.Range(0, 6).Select(_ => NotificationHarness.Address()).ToArray();
        await h.ImportAsync("sources:\n" + h.FeedSource("stub-nsm", "stub-nsm"));
        await h.ImportDepartmentsAsync(NotificationHarness.Department("t-relay", people, Immediate));

        relay.Down();
        await h.BaselineThenPublishAsync("stub-nsm", "Varsel under driftsstans");
        await h.WaitForDeliveriesAsync("t-relay", r => r.Count == 6);
        var outage = System.Diagnostics.Stopwatch.StartNew();
        await Task.Delay(4_000, TestContext.Current.CancellationToken);
        var during = await h.App!.WithDbAsync(db => db.Set<Delivery>().AsNoTracking().Where(d => d.DepartmentId == "t-relay").ToListAsync());
        Assert.DoesNotContain(during, d => d.State == DeliveryState.Sent);

        // Before the relay was found down, the first batch tried each row once (the failures that
        // revealed it); after that, one probe per second.
        var attempts = during.Sum(d => d.Attempts);
        Assert.InRange(attempts, 2, 6 + (int)outage.Elapsed.TotalSeconds + 1);
        var status = await h.App.Http.GetStringAsync(new Uri("/api/v1/notifications/status", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Contains("\"down\":true", status, StringComparison.Ordinal);

        relay.Up();
        var recovered = System.Diagnostics.Stopwatch.StartNew();
        await h.WaitForDeliveriesAsync("t-relay", r => r.TrueForAll(d => d.State == DeliveryState.Sent));
        Assert.True(recovered.Elapsed < TimeSpan.FromSeconds(5), $"took {recovered.Elapsed} after the relay came back");
        await MailSink.WaitForAsync(6, people);
        await Task.Delay(500, TestContext.Current.CancellationToken);
        Assert.All(people, p => Assert.Single(MailSink.For(p)));
    }

    [Fact]
    public async Task A_crash_after_the_servers_reply_sends_again_with_the_same_message_id_at_most_once()
    {
        await using var h = await NotificationHarness.CreateAsync();
        var a = NotificationHarness.Address();
        await h.ImportAsync("sources:\n" + h.FeedSource("stub-nsm", "stub-nsm"));
        await h.ImportDepartmentsAsync(NotificationHarness.Department("t-crash", [a], Immediate));
        await h.BaselineThenPublishAsync("stub-nsm", "Varsel før krasj");
        var sent = Assert.Single(await h.WaitForDeliveriesAsync("t-crash", r => r.Count == 1 && r[0].State == DeliveryState.Sent));
        Assert.Single(await MailSink.WaitForAsync(1, a));

        // What a kill -9 between the 250 and the save leaves: the row still claimed, not marked sent.
        await h.StopAsync();
        var past = TimeProvider.System.GetUtcNow().AddMinutes(-1);
        await h.StartAsync();
        await h.App!.WithDbAsync(db => db.Set<Delivery>().Where(d => d.Id == sent.Id).ExecuteUpdateAsync(s => s
            .SetProperty(d => d.State, DeliveryState.Pending)
            .SetProperty(d => d.SentAtUtc, (DateTimeOffset?)null)
            .SetProperty(d => d.DueAtUtc, past)
            .SetProperty(d => d.LockToken, Guid.NewGuid())
            .SetProperty(d => d.LockedUntilUtc, past)));

        await h.WaitForDeliveriesAsync("t-crash", r => r[0].State == DeliveryState.Sent && r[0].Attempts == 2);
        var copies = await MailSink.WaitForAsync(2, a);
        await Task.Delay(500, TestContext.Current.CancellationToken);
        Assert.Equal(2, MailSink.For(a).Count);
        Assert.All(copies, m => Assert.Equal($"<{sent.Id:N}@advisorywatch>", m.Header("Message-ID")));
    }

    [Fact]
    public async Task An_ambiguous_send_is_retried_once_and_then_left_ambiguous_at_most_one_duplicate()
    {
        await using var server = new ScriptedSmtpServer();
        await using var h = await NotificationHarness.CreateAsync(smtpPort: server.Port);
        h.Env.Settings["AdvisoryWatch:Mail:Smtp:TimeoutSeconds"] = "2";
        var unsure = $"closewithoutreply-{Guid.NewGuid():N}@test.example";
        var fine = $"ok-{Guid.NewGuid():N}@test.example";
        await h.ImportAsync("sources:\n" + h.FeedSource("stub-nsm", "stub-nsm"));
        await h.ImportDepartmentsAsync(NotificationHarness.Department("t-ambiguous", [unsure, fine], Immediate));

        await h.BaselineThenPublishAsync("stub-nsm", "Varsel i det tvetydige vinduet");
        var rows = await h.WaitForDeliveriesAsync("t-ambiguous", r =>
            r.Count == 2 && r.Single(d => d.Address == unsure).AmbiguousAttempts == 2 && r.Single(d => d.Address == fine).State == DeliveryState.Sent);
        var ambiguous = rows.Single(d => d.Address == unsure);
        Assert.Equal((DeliveryState.Ambiguous, (DateTimeOffset?)null), (ambiguous.State, ambiguous.DueAtUtc));

        // Two copies went out in full (one duplicate at most); nothing is tried after that.
        await Task.Delay(1_500, TestContext.Current.CancellationToken);
        Assert.Equal(2, server.ContentReceived.Count(r => r == unsure));
        Assert.Equal([fine], server.Accepted);
        var audit = await h.DeliveriesAsync("department=t-ambiguous&state=ambiguous");
        Assert.Equal(unsure, Assert.Single(audit.Items).Address);
    }

    private static async Task<T> WaitForAsync<T>(Polling.PollingHarness h, Func<AdvisoryWatch.Data.AdvisoryWatchDbContext, Task<T>> read, Func<T, bool> done)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var value = await h.App!.WithDbAsync(read);
            if (done(value))
            {
                return value;
            }

            if (clock.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new TimeoutException("the condition did not hold within 30 s");
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    private static Task<DateTimeOffset?> UnsubscribedAtAsync(Polling.PollingHarness h, string address) =>
        h.App!.WithDbAsync(db => db.Set<Departments.Recipient>().Where(r => r.Address == address).Select(r => r.UnsubscribedAtUtc).SingleAsync());

    private static async Task WaitForChangeLogAsync(Polling.PollingHarness h, Guid changeId, int receipts)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            var seen = await h.App!.WithDbAsync(db => db.Set<ChangeLogEntry>().Where(e => e.ChangeId == changeId).Select(e => e.Deliveries).SingleOrDefaultAsync());
            if (seen >= receipts)
            {
                return;
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        throw new TimeoutException("the redelivered events were not consumed");
    }
}
