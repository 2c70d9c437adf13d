using AdvisoryWatch.Apps;
using AdvisoryWatch.Changes;
using AdvisoryWatch.Contracts;
using AdvisoryWatch.Data;
using AdvisoryWatch.IntegrationTests.Notifications;
using AdvisoryWatch.IntegrationTests.Polling;
using AdvisoryWatch.Notifications;
using AdvisoryWatch.Notifications.Planning;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AdvisoryWatch.IntegrationTests.Changes;

/// <summary>
/// The outbox on the in-memory bus, through the real host: a row is done only when every consumer
/// of its type has recorded it, what a crash left unrecorded goes out again at start-up, and going
/// out again doubles nothing. The state a crash leaves is written here by hand; the crash itself is
/// <see cref="Hosting.CrashLoopTests"/>.
/// </summary>
public sealed class OutboxDispatcherTests
{
    private const string Immediate = "      - sources: [stub-nsm]\n        cadence: immediate";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task A_row_published_before_a_crash_and_not_recorded_is_published_again_at_start_up_without_waiting_out_its_lease(string provider)
    {
        await using var h = await NotificationHarness.CreateAsync(provider);
        var (row, change) = await OneChangeHandledAsync(h, "t-restart");

        // What kill -9 right after the publish leaves: the row published and leased to its consumers,
        // and nothing of their work.
        var now = TimeProvider.System.GetUtcNow();
        await h.App!.WithDbAsync(async db =>
        {
            await db.Set<OutboxMessage>().Where(m => m.Id == row.Id).ExecuteUpdateAsync(s => s
                .SetProperty(m => m.SentAtUtc, (DateTimeOffset?)null)
                .SetProperty(m => m.PublishedAtUtc, now)
                .SetProperty(m => m.LockedUntilUtc, now.AddHours(1)), Ct);
            await db.Set<OutboxReceipt>().Where(r => r.MessageId == row.Id).ExecuteDeleteAsync(Ct);
            await db.Set<ChangeLogEntry>().Where(e => e.ChangeId == change).ExecuteDeleteAsync(Ct);
            return await db.Set<Delivery>().Where(d => d.ChangeId == change).ExecuteDeleteAsync(Ct);
        });

        // While its lease runs, this process leaves it to the consumers it was published to.
        await Task.Delay(2_500, Ct);
        Assert.Null(await LogEntryAsync(h, change));

        await h.StopAsync();
        await h.StartAsync();
        var done = await WaitForAsync(h, db => db.Set<OutboxMessage>().AsNoTracking().SingleAsync(m => m.Id == row.Id), m => m.SentAtUtc is not null, seconds: 15);

        Assert.Equal(2, done.Attempts);
        Assert.Equal(1, (await LogEntryAsync(h, change))!.Deliveries);
        Assert.Equal(2, await h.App!.WithDbAsync(db => db.Set<Delivery>().CountAsync(d => d.ChangeId == change, Ct)));
        Assert.Equal(
            [AppMentionConsumer.ReceiptName, ChangeLogConsumer.ReceiptName, DeliveryPlanner.ReceiptName],
            (await ReceiptsAsync(h, row.Id)).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task A_published_row_is_done_only_when_every_consumer_registered_for_its_type_has_recorded_it(string provider)
    {
        await using var h = await NotificationHarness.CreateAsync(provider);
        var (row, change) = await OneChangeHandledAsync(h, "t-receipts");
        Assert.Equal(
            [AppMentionConsumer.ReceiptName, ChangeLogConsumer.ReceiptName, DeliveryPlanner.ReceiptName],
            (await ReceiptsAsync(h, row.Id)).Order(StringComparer.Ordinal));

        // Published, leased for an hour, and recorded by the change log only.
        var now = TimeProvider.System.GetUtcNow();
        await h.App!.WithDbAsync(async db =>
        {
            await db.Set<OutboxReceipt>().Where(r => r.MessageId == row.Id && r.Consumer == DeliveryPlanner.ReceiptName).ExecuteDeleteAsync(Ct);
            return await db.Set<OutboxMessage>().Where(m => m.Id == row.Id).ExecuteUpdateAsync(s => s
                .SetProperty(m => m.SentAtUtc, (DateTimeOffset?)null)
                .SetProperty(m => m.PublishedAtUtc, now)
                .SetProperty(m => m.LockedUntilUtc, now.AddHours(1)), Ct);
        });

        // Longer than the dispatcher's idle round, in which it completes what was recorded.
        await Task.Delay(3_000, Ct);
        Assert.Null((await OutboxRowAsync(h, row.Id)).SentAtUtc);

        await h.App!.WithDbAsync(async db =>
        {
            db.Add(new OutboxReceipt { MessageId = row.Id, Consumer = DeliveryPlanner.ReceiptName, RecordedAtUtc = now });
            return await db.SaveChangesAsync(Ct);
        });
        var done = await WaitForAsync(h, db => db.Set<OutboxMessage>().AsNoTracking().SingleAsync(m => m.Id == row.Id), m => m.SentAtUtc is not null, seconds: 10);

        // Completed by its receipts, not by publishing it again.
        Assert.Equal((1, (Guid?)null, (DateTimeOffset?)null), (done.Attempts, done.LockToken, done.LockedUntilUtc));
        Assert.Equal(1, (await LogEntryAsync(h, change))!.Deliveries);
    }

    [Fact]
    public async Task An_outbox_message_published_again_adds_no_change_log_entry_delivery_or_mail()
    {
        await using var h = await NotificationHarness.CreateAsync();
        var (row, change, people) = await OneChangeHandledWithPeopleAsync(h, "t-again");

        // A row whose lease ran out while its consumers were merely slow goes out again, and they get
        // a second copy of work they have done. Without its receipts the row cannot be completed
        // from them, so it is published again here.
        var past = TimeProvider.System.GetUtcNow().AddSeconds(-1);
        await h.App!.WithDbAsync(async db =>
        {
            await db.Set<OutboxReceipt>().Where(r => r.MessageId == row.Id).ExecuteDeleteAsync(Ct);
            return await db.Set<OutboxMessage>().Where(m => m.Id == row.Id).ExecuteUpdateAsync(s => s
                .SetProperty(m => m.SentAtUtc, (DateTimeOffset?)null)
                .SetProperty(m => m.PublishedAtUtc, past)
                .SetProperty(m => m.LockedUntilUtc, past), Ct);
        });

        var done = await WaitForAsync(h, db => db.Set<OutboxMessage>().AsNoTracking().SingleAsync(m => m.Id == row.Id), m => m.SentAtUtc is not null && m.Attempts == 2, seconds: 15);
        Assert.Null(done.LockedUntilUtc);
        Assert.Equal(2, (await LogEntryAsync(h, change))!.Deliveries);
        Assert.Equal(1, await h.App!.WithDbAsync(db => db.Set<ChangeLogEntry>().CountAsync(e => e.ChangeId == change, Ct)));
        Assert.Equal(2, await h.App!.WithDbAsync(db => db.Set<Delivery>().CountAsync(d => d.ChangeId == change, Ct)));
        await Task.Delay(1_000, Ct);
        Assert.All(people, p => Assert.Single(MailSink.For(p)));
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Rows_done_longer_ago_than_the_retention_are_deleted_with_their_receipts_and_rows_not_done_are_kept_however_old(string provider)
    {
        await using var h = await NotificationHarness.CreateAsync(provider);
        var (old, _) = await OneChangeHandledAsync(h, "t-prune");
        var now = TimeProvider.System.GetUtcNow();
        var recent = OutboxMessage.For(new PruneProbe("recent"), now.AddDays(-2));
        recent.PublishedAtUtc = recent.SentAtUtc = now.AddDays(-2);
        var stuck = OutboxMessage.For(new PruneProbe("stuck"), now.AddDays(-30));
        stuck.PublishedAtUtc = now.AddDays(-30);
        stuck.LockedUntilUtc = now.AddDays(1);
        await h.App!.WithDbAsync(async db =>
        {
            // The handled change done eight days ago; one done two days ago; one published a month
            // ago and still waiting for a consumer.
            await db.Set<OutboxMessage>().Where(m => m.Id == old.Id).ExecuteUpdateAsync(s => s.SetProperty(m => m.SentAtUtc, now.AddDays(-8)), Ct);
            db.AddRange(recent, stuck);
            db.AddRange(
                new OutboxReceipt { MessageId = recent.Id, Consumer = ChangeLogConsumer.ReceiptName, RecordedAtUtc = now.AddDays(-2) },
                new OutboxReceipt { MessageId = stuck.Id, Consumer = ChangeLogConsumer.ReceiptName, RecordedAtUtc = now.AddDays(-30) });
            return await db.SaveChangesAsync(Ct);
        });

        var deleted = await h.App.App.Services.GetRequiredService<OutboxDispatcher>().PruneAsync(Ct);

        Assert.Equal(1, deleted);
        var left = await h.App.WithDbAsync(db => db.Set<OutboxMessage>().AsNoTracking().Select(m => m.Id).ToListAsync(Ct));
        Assert.Equal(new[] { recent.Id, stuck.Id }.Order(), left.Order());
        Assert.Empty(await ReceiptsAsync(h, old.Id));
        Assert.Single(await ReceiptsAsync(h, recent.Id));
        Assert.Single(await ReceiptsAsync(h, stuck.Id));
    }

    /// <summary>A message of a type no consumer records (only its row's dates matter here).</summary>
    private sealed record PruneProbe(string Name);

    private static async Task<(OutboxMessage Row, Guid Change)> OneChangeHandledAsync(PollingHarness h, string department)
    {
        var (row, change, _) = await OneChangeHandledWithPeopleAsync(h, department);
        return (row, change);
    }

    /// <summary>One change from the stub authority, logged, planned for two people and sent to them.</summary>
    private static async Task<(OutboxMessage Row, Guid Change, string[] People)> OneChangeHandledWithPeopleAsync(PollingHarness h, string department)
    {
        string[] people = [NotificationHarness.Address(), NotificationHarness.Address()];
        await h.ImportAsync("sources:\n" + h.FeedSource("stub-nsm", "stub-nsm"));
        await h.ImportDepartmentsAsync(NotificationHarness.Department(department, people, Immediate));
        await h.BaselineThenPublishAsync("stub-nsm", "Varsel som skal fram");
        var rows = await h.WaitForDeliveriesAsync(department, r => r.Count == 2 && r.TrueForAll(d => d.State == DeliveryState.Sent));
        await MailSink.WaitForAsync(2, people);
        var row = await WaitForAsync(h, db => db.Set<OutboxMessage>().AsNoTracking().SingleAsync(m => m.MessageType == typeof(ChangeDetected).FullName, Ct), m => m.SentAtUtc is not null, seconds: 10);
        Assert.Equal(1, row.Attempts);
        return (row, rows[0].ChangeId, people);
    }

    private static Task<OutboxMessage> OutboxRowAsync(PollingHarness h, Guid id) =>
        h.App!.WithDbAsync(db => db.Set<OutboxMessage>().AsNoTracking().SingleAsync(m => m.Id == id, Ct));

    private static Task<ChangeLogEntry?> LogEntryAsync(PollingHarness h, Guid change) =>
        h.App!.WithDbAsync(db => db.Set<ChangeLogEntry>().AsNoTracking().SingleOrDefaultAsync(e => e.ChangeId == change, Ct));

    private static Task<List<string>> ReceiptsAsync(PollingHarness h, Guid id) =>
        h.App!.WithDbAsync(db => db.Set<OutboxReceipt>().Where(r => r.MessageId == id).Select(r => r.Consumer).ToListAsync(Ct));

    private static async Task<T> WaitForAsync<T>(PollingHarness h, Func<AdvisoryWatchDbContext, Task<T>> read, Func<T, bool> done, int seconds)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var value = await h.App!.WithDbAsync(read);
            if (done(value) || clock.Elapsed > TimeSpan.FromSeconds(seconds))
            {
                Assert.True(done(value), $"not reached within {seconds} s: {value}");
                return value;
            }

            await Task.Delay(50, Ct);
        }
    }
}
