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

    private static SourceRowUpdate Release() =>
        new SourceRowUpdate()
            .Set(nameof(Source.ClaimToken), null)
            .Set(nameof(Source.LastError), "written by the batch")
            .Set(nameof(Source.NextCheckAtUtc), NextCheck);
}
