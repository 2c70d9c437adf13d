using System.Diagnostics;
using System.Globalization;
using AdvisoryWatch.Changes;
using AdvisoryWatch.Data;
using AdvisoryWatch.IntegrationTests.Notifications;
using AdvisoryWatch.Notifications;
using AdvisoryWatch.Sources;
using Microsoft.EntityFrameworkCore;

namespace AdvisoryWatch.IntegrationTests.Hosting;

/// <summary>
/// kill -9 of a real <c>advisorywatch run</c> (the in-memory bus, SQLite, mail to the test SMTP
/// server) at random points of poll → commit → publish → change log and planning → send, again and
/// again on one data directory; then one run left to finish. Every change must end with its
/// change-log entry, one delivery per recipient and its mail: nothing lost, nothing doubled but
/// the documented resend of a mail whose server reply the kill cut off (same Message-ID, once).
/// </summary>
public sealed class CrashLoopTests
{
    private const int SourceCount = 6;
    private const int MaxKills = 8;
    private const int SendConcurrency = 2;

    /// <summary>How long the loop keeps killing; the first and last runs come on top.</summary>
    private static readonly TimeSpan KillBudget = TimeSpan.FromSeconds(25);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Killing_the_process_anywhere_from_poll_to_send_loses_no_change_log_entry_delivery_or_mail_and_doubles_none()
    {
        var seed = Random.Shared.Next();
        var random = new Random(seed);
        await using var h = await NotificationHarness.CreateAsync();

        // The shortest leases allowed: a source or a delivery claimed when the process died is free
        // again after this, and the last run has to wait for it.
        h.Env.Settings["AdvisoryWatch:Notifications:ClaimLease"] = "00:00:10";

        // A kill can repeat only mails whose replies were not saved: those in flight (one per
        // sending slot) and those waiting for the save under way (at most one per slot again).
        h.Env.Settings["AdvisoryWatch:Notifications:SendConcurrency"] = SendConcurrency.ToString(CultureInfo.InvariantCulture);
        var ids = Enumerable.Range(0, SourceCount).Select(i => $"crash-{i}").ToArray();
        string[] people = [NotificationHarness.Address(), NotificationHarness.Address()];
        await h.ImportAsync("sources:\n" + string.Concat(ids.Select(id => h.FeedSource(id, id))));
        await h.ImportDepartmentsAsync(NotificationHarness.Department("t-crash-loop", people, $"      - sources: [{string.Join(", ", ids)}]\n        cadence: immediate"));
        var feeds = ids.ToDictionary(id => id, id => new List<(string Guid, string Title, string Description, string Date)> { ("base", $"{id}: kjent sak", "Allerede kjent.", Date(0)) });
        foreach (var id in ids)
        {
            h.Stub.Set(id, new StubResponse(200, AuthorityStub.Rss([.. feeds[id]])));
        }

        var args = h.Env.ConfigurationArgs(seeds: false);
        var data = h.Env.DataDirectory;

        // The silent baseline of every source.
        var total = Stopwatch.StartNew();
        await using (var first = await AppProcess.StartAsync(args))
        {
            await first.WaitUntilReadyAsync(Ct);
            await WaitUntilAsync(() => ReadAsync(data, db => db.Set<Source>().CountAsync(s => s.BaselineTakenAtUtc != null, Ct)), n => n == SourceCount, seconds: 30);
            await first.KillAsync();
        }

        var baseline = total.Elapsed;
        var announced = new List<string>();
        var kills = new List<string>();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < KillBudget && kills.Count < MaxKills)
        {
            // A new item on every source; a source the last kill left claimed shows it later.
            foreach (var id in ids)
            {
                var n = feeds[id].Count;
                var title = $"{id}: varsel {n}";
                feeds[id].Insert(0, ($"item-{n}", title, $"Ny veiledning nummer {n}.", Date(n)));
                announced.Add(title);
                h.Stub.Set(id, new StubResponse(200, AuthorityStub.Rss([.. feeds[id]])));
            }

            var announcedBefore = await ReadAsync(data, db => db.Set<OutboxMessage>().CountAsync(Ct));
            await using var app = await AppProcess.StartAsync(args);
            var when = random.Next(6);
            if (when == 0)
            {
                // During start-up, while what the last kill left is being published again.
                var delay = random.Next(500, 4_000);
                await Task.Delay(delay, Ct);
                kills.Add($"start+{delay}ms");
            }
            else
            {
                await app.WaitUntilReadyAsync(Ct);

                // The sources are checked one after another, so changes are under way all the time
                // the kill may come: polled, committed, published, logged, planned, sent.
                using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
                var checks = CheckOneByOneAsync(app, ids.OrderBy(_ => random.Next()).ToArray(), TimeSpan.FromMilliseconds(random.Next(50, 300)), stop.Token);
                if (when <= 3)
                {
                    // Most kills soon after a poll's commit (its outbox rows seen), where the
                    // change is on its way through the bus, the consumers and the sender.
                    var seen = await CommittedAsync(data, announcedBefore, TimeSpan.FromSeconds(3));
                    var delay = random.Next(0, 500);
                    await Task.Delay(delay, Ct);
                    kills.Add(seen ? $"commit+{delay}ms" : $"ready+3s+{delay}ms");
                }
                else
                {
                    var delay = random.Next(0, 2_500);
                    await Task.Delay(delay, Ct);
                    kills.Add($"ready+{delay}ms");
                }

                await app.KillAsync();
                await stop.CancelAsync();
                await checks;
            }

            await app.KillAsync();
        }

        // The last run is left to finish whatever the kills left, then stopped, so that what is
        // counted below cannot move.
        var killing = clock.Elapsed;
        var settle = Stopwatch.StartNew();
        await using (var last = await AppProcess.StartAsync(args))
        {
            await last.WaitUntilReadyAsync(Ct);
            var checkedAt = TimeSpan.FromSeconds(-10);
            while (!(await SnapshotAsync(data)).Settled(announced, people.Length) && settle.Elapsed < TimeSpan.FromSeconds(40))
            {
                // Sources claimed when a run died are free after their lease; ask for them again.
                if (settle.Elapsed - checkedAt > TimeSpan.FromSeconds(3))
                {
                    await CheckOneByOneAsync(last, ids, TimeSpan.Zero, Ct);
                    checkedAt = settle.Elapsed;
                }

                await Task.Delay(200, Ct);
            }

            // What the server has received is on disk before its reply; a moment for the last file.
            await Task.Delay(500, Ct);
            await last.KillAsync();
        }

        var settled = settle.Elapsed;
        var state = await SnapshotAsync(data);
        var report = Assess(state, announced, people, MailSink.For(people));
        var story = $"seed {seed}; {kills.Count} kills ({string.Join(", ", kills)}); {announced.Count} items announced; baseline {baseline.TotalSeconds:F0} s, kills {killing.TotalSeconds:F0} s, last run {settled.TotalSeconds:F0} s";
        TestContext.Current.TestOutputHelper?.WriteLine(story);
        Assert.True(report.Lost.Count == 0 && report.Doubled.Count == 0 && report.Unexpected.Count == 0 && report.Resent <= kills.Count * 2 * SendConcurrency,
            $"{story}\nlost: {string.Join("; ", report.Lost)}\ndoubled: {string.Join("; ", report.Doubled)}\nunexpected: {string.Join("; ", report.Unexpected)}\nresent after a cut-off reply: {report.Resent}");
        Assert.True(announced.Count > 0, story);
    }

    /// <summary>Waits until a poll has committed events (more outbox rows than <paramref name="before"/>).</summary>
    private static async Task<bool> CommittedAsync(string data, int before, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (await ReadAsync(data, db => db.Set<OutboxMessage>().CountAsync(Ct)) > before)
            {
                return true;
            }

            await Task.Delay(10, Ct);
        }

        return false;
    }

    /// <summary>"Check now" for each source in turn; a request the kill cut off is fine.</summary>
    private static async Task CheckOneByOneAsync(AppProcess app, string[] ids, TimeSpan between, CancellationToken ct)
    {
        try
        {
            foreach (var id in ids)
            {
                using var response = await app.Http.PostAsync(new Uri($"api/v1/sources/{id}/check", UriKind.Relative), null, ct);
                await Task.Delay(between, ct);
            }
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            // The process is gone.
        }
    }

    private static string Date(int n) =>
        new DateTimeOffset(2026, 11, 3, 8, 0, 0, TimeSpan.Zero).AddMinutes(n).ToString("r", CultureInfo.InvariantCulture);

    private static async Task<T> ReadAsync<T>(string dataDirectory, Func<AdvisoryWatchDbContext, Task<T>> read)
    {
        var options = new DbContextOptionsBuilder<SqliteAdvisoryWatchDbContext>().UseSqlite(DatabaseSetup.SqliteConnectionString(null, dataDirectory)).Options;
        await using var db = new SqliteAdvisoryWatchDbContext(options);
        return await read(db);
    }

    private static async Task<T> WaitUntilAsync<T>(Func<Task<T>> read, Func<T, bool> done, int seconds)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(seconds), $"not reached within {seconds} s: {value}");
            await Task.Delay(100, Ct);
        }
    }

    private sealed record Change(Guid Id, string Title);

    private sealed record Planned(Guid Id, Guid ChangeId, string Address, DeliveryState State);

    private sealed record Snapshot(List<string> Titles, List<Change> Changes, List<Guid> Logged, List<Planned> Deliveries, int OutboxPending)
    {
        public bool Settled(List<string> announced, int people) =>
            OutboxPending == 0
            && announced.TrueForAll(Titles.Contains)
            && Changes.TrueForAll(c => Logged.Contains(c.Id))
            && Deliveries.Count == Changes.Count * people
            && Deliveries.TrueForAll(d => d.State == DeliveryState.Sent);
    }

    private static Task<Snapshot> SnapshotAsync(string data) => ReadAsync(data, async db =>
    {
        var titles = await db.Set<Advisory>().Select(a => a.Title).ToListAsync(Ct);
        var changes = await db.Set<AdvisoryVersion>().Where(v => !v.IsBaseline).Select(v => new Change(v.Id, v.Title)).ToListAsync(Ct);
        var logged = await db.Set<ChangeLogEntry>().Select(e => e.ChangeId).ToListAsync(Ct);
        var deliveries = await db.Set<Delivery>().Select(d => new Planned(d.Id, d.ChangeId, d.Address, d.State)).ToListAsync(Ct);
        var pending = await db.Set<OutboxMessage>().CountAsync(m => m.SentAtUtc == null, Ct);
        return new Snapshot(titles, changes, logged, deliveries, pending);
    });

    private sealed record Report(List<string> Lost, List<string> Doubled, List<string> Unexpected, int Resent);

    private static Report Assess(Snapshot state, List<string> announced, string[] people, IReadOnlyList<SinkMessage> mails)
    {
        List<string> lost = [], doubled = [], unexpected = [];
        foreach (var title in announced)
        {
            var count = state.Changes.Count(c => c.Title == title);
            if (count == 0)
            {
                lost.Add($"change '{title}'");
            }
            else if (count > 1)
            {
                doubled.Add($"change '{title}' ×{count}");
            }
        }

        unexpected.AddRange(state.Changes.Where(c => !announced.Contains(c.Title)).Select(c => $"change '{c.Title}'"));
        lost.AddRange(state.Changes.Where(c => !state.Logged.Contains(c.Id)).Select(c => $"change-log entry of '{c.Title}'"));
        unexpected.AddRange(state.Logged.Where(id => !state.Changes.Exists(c => c.Id == id)).Select(id => $"change-log entry {id}"));
        if (state.OutboxPending > 0)
        {
            lost.Add($"{state.OutboxPending} outbox rows never done");
        }

        var copies = mails.GroupBy(m => m.Header("Message-ID") ?? "").ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var resent = 0;
        foreach (var change in state.Changes)
        {
            foreach (var person in people)
            {
                var rows = state.Deliveries.Where(d => d.ChangeId == change.Id && d.Address == person).ToList();
                if (rows.Count == 0)
                {
                    lost.Add($"delivery of '{change.Title}' to {person}");
                    continue;
                }

                if (rows.Count > 1)
                {
                    doubled.Add($"delivery of '{change.Title}' to {person} ×{rows.Count}");
                }

                foreach (var row in rows)
                {
                    var sent = copies.GetValueOrDefault($"<{row.Id:N}@advisorywatch>");
                    if (row.State != DeliveryState.Sent || sent == 0)
                    {
                        lost.Add($"mail of '{change.Title}' to {person} ({row.State}, {sent} received)");
                    }
                    else if (sent == 2)
                    {
                        resent++;
                    }
                    else if (sent > 2)
                    {
                        doubled.Add($"mail of '{change.Title}' to {person} ×{sent}");
                    }
                }
            }
        }

        var known = state.Deliveries.Select(d => $"<{d.Id:N}@advisorywatch>").ToHashSet(StringComparer.Ordinal);
        unexpected.AddRange(copies.Keys.Where(id => !known.Contains(id)).Select(id => $"mail {id}"));
        return new Report(lost, doubled, unexpected, resent);
    }
}
