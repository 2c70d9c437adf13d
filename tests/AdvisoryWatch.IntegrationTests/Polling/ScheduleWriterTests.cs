using AdvisoryWatch.Changes;
using AdvisoryWatch.Data;
using AdvisoryWatch.Polling;
using AdvisoryWatch.Sources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AdvisoryWatch.IntegrationTests.Polling;

/// <summary>
/// Schedule-only outcomes (304s) are written in batches on SQLite and row by row on PostgreSQL;
/// the claim token still guards every row on its own.
/// </summary>
public sealed class ScheduleWriterTests
{
    /// <summary>Not in UTC: the model's conversion (UTC ticks on SQLite, UTC timestamptz on PostgreSQL) must apply.</summary>
    private static readonly DateTimeOffset NextCheck = new(2030, 1, 2, 3, 4, 5, TimeSpan.FromHours(1));

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Schedule_writes_keep_each_row_guarded_by_its_claim_token_and_store_times_as_the_model_maps_them(string provider)
    {
        await using var h = await PollingHarness.CreateAsync(provider);
        await h.ImportAsync("sources:\n" + h.FeedSource("stub-batch-held", "held") + h.FeedSource("stub-batch-lost", "lost"));

        // A web-only node polls nothing by itself: the claims below are the only ones.
        h.Env.Settings["AdvisoryWatch:Roles"] = "Web";
        await h.StartAsync();
        var services = h.App!.App.Services;
        var ct = TestContext.Current.CancellationToken;
        Guid token;
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AdvisoryWatchDbContext>();
            var now = TimeProvider.System.GetUtcNow();
            await SourceClaims.MakeDueAsync(db, "stub-batch-held", now.AddSeconds(-1), ct);
            await SourceClaims.MakeDueAsync(db, "stub-batch-lost", now.AddSeconds(-1), ct);
            var claims = await SourceClaims.ClaimDueAsync(db, now, services.GetRequiredService<IOptions<PollingOptions>>().Value, ct);
            Assert.Equal(2, claims.Count);
            token = claims[0].Token;
        }

        var writer = services.GetRequiredService<ScheduleWriter>();
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AdvisoryWatchDbContext>();

            // Queued together on SQLite, so they are normally written in one transaction.
            var held = writer.WriteAsync(db, "stub-batch-held", token, Release(), ct);
            if (provider == "Postgres")
            {
                // PostgreSQL writes on the caller's context, which runs one command at a time.
                await held;
            }

            var lost = writer.WriteAsync(db, "stub-batch-lost", Guid.NewGuid(), Release(), ct);
            Assert.True(await held);
            Assert.False(await lost);
        }

        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AdvisoryWatchDbContext>();
            var written = await db.Set<Source>().AsNoTracking().SingleAsync(s => s.Id == "stub-batch-held", ct);
            var untouched = await db.Set<Source>().AsNoTracking().SingleAsync(s => s.Id == "stub-batch-lost", ct);
            Assert.Null(written.ClaimToken);
            Assert.Equal("written by the batch", written.LastError);
            Assert.Equal(NextCheck, written.NextCheckAtUtc);
            Assert.Equal(token, untouched.ClaimToken);
            Assert.Null(untouched.LastError);
        }
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task A_poll_whose_facts_fail_or_whose_claim_was_lost_writes_nothing_while_the_polls_written_with_it_are_kept(string provider)
    {
        string[] ids = ["stub-facts-ok", "stub-facts-duplicate", "stub-facts-lost", "stub-facts-304"];
        await using var h = await PollingHarness.CreateAsync(provider);
        await h.ImportAsync("sources:\n" + string.Concat(ids.Select(id => h.FeedSource(id, id))));
        h.Env.Settings["AdvisoryWatch:Roles"] = "Web";
        await h.StartAsync();
        var services = h.App!.App.Services;
        var ct = TestContext.Current.CancellationToken;
        Dictionary<string, Guid> tokens;
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AdvisoryWatchDbContext>();
            var now = TimeProvider.System.GetUtcNow();
            foreach (var id in ids)
            {
                await SourceClaims.MakeDueAsync(db, id, now.AddSeconds(-1), ct);
            }

            var claims = await SourceClaims.ClaimDueAsync(db, now, services.GetRequiredService<IOptions<PollingOptions>>().Value, ct);
            tokens = claims.ToDictionary(c => c.Id, c => c.Token);
            Assert.Equal(ids.Length, tokens.Count);

            // Already in the history: recording it again breaks the unique item key.
            db.Add(NewAdvisory("stub-facts-duplicate", "known"));
            await db.SaveChangesAsync(ct);
        }

        var writer = services.GetRequiredService<ScheduleWriter>();
        var scopes = ids.Select(_ => services.CreateAsyncScope()).ToList();
        try
        {
            var contexts = scopes.Select(s => s.ServiceProvider.GetRequiredService<AdvisoryWatchDbContext>()).ToList();
            Task<bool> ok, duplicate, lost, notModified;

            // On SQLite, holding the gate makes the four wait for it together: one batch, one transaction.
            using (await services.GetRequiredService<WriteGate>().EnterAsync(contexts[0], ct))
            {
                contexts[0].Add(NewAdvisory(ids[0], "new"));
                ok = writer.WriteWithFactsAsync(contexts[0], ids[0], tokens[ids[0]], Release(), ct);
                contexts[1].Add(NewAdvisory(ids[1], "known"));
                duplicate = writer.WriteWithFactsAsync(contexts[1], ids[1], tokens[ids[1]], Release(), ct);
                contexts[2].Add(NewAdvisory(ids[2], "new"));
                lost = writer.WriteWithFactsAsync(contexts[2], ids[2], Guid.NewGuid(), Release(), ct);
                notModified = writer.WriteAsync(contexts[3], ids[3], tokens[ids[3]], Release(), ct);
            }

            Assert.True(await ok);
            await Assert.ThrowsAsync<DbUpdateException>(() => duplicate);
            Assert.False(await lost);
            Assert.True(await notModified);
        }
        finally
        {
            foreach (var scope in scopes)
            {
                await scope.DisposeAsync();
            }
        }

        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AdvisoryWatchDbContext>();
            var rows = await db.Set<Source>().AsNoTracking().Where(s => ids.Contains(s.Id)).ToDictionaryAsync(s => s.Id, ct);
            var history = await db.Set<Advisory>().AsNoTracking().Where(a => ids.Contains(a.SourceId)).Select(a => a.SourceId + "/" + a.ItemKey).ToListAsync(ct);
            Assert.Null(rows[ids[0]].ClaimToken);
            Assert.Equal("written by the batch", rows[ids[0]].LastError);
            Assert.Equal(tokens[ids[1]], rows[ids[1]].ClaimToken);
            Assert.Equal(tokens[ids[2]], rows[ids[2]].ClaimToken);
            Assert.Null(rows[ids[3]].ClaimToken);
            Assert.Equal(["stub-facts-duplicate/known", "stub-facts-ok/new"], history.Order(StringComparer.Ordinal));
        }
    }

    private static Advisory NewAdvisory(string sourceId, string key) => new()
    {
        Id = Guid.CreateVersion7(),
        SourceId = sourceId,
        ItemKey = key,
        Title = key,
        Language = "en",
        ContentHash = key,
        FirstSeenAtUtc = TimeProvider.System.GetUtcNow(),
        LastChangedAtUtc = TimeProvider.System.GetUtcNow(),
    };

    private static SourceRowUpdate Release() =>
        new SourceRowUpdate()
            .Set(nameof(Source.ClaimToken), null)
            .Set(nameof(Source.LastError), "written by the batch")
            .Set(nameof(Source.NextCheckAtUtc), NextCheck);
}
