using AdvisoryWatch.Data;
using AdvisoryWatch.Polling;
using AdvisoryWatch.Sources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AdvisoryWatch.IntegrationTests.Polling;

/// <summary>
/// Schedule-only outcomes (304s) are written in batches on SQLite; the claim token still guards
/// every row on its own.
/// </summary>
public sealed class ScheduleWriterTests
{
    [Fact]
    public async Task Batched_schedule_writes_keep_each_row_guarded_by_its_claim_token()
    {
        await using var h = await PollingHarness.CreateAsync();
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

            // Queued together, so they are normally written in one transaction.
            var held = writer.WriteAsync(db, "stub-batch-held", token, Release, ct);
            var lost = writer.WriteAsync(db, "stub-batch-lost", Guid.NewGuid(), Release, ct);
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
            Assert.Equal(token, untouched.ClaimToken);
            Assert.Null(untouched.LastError);
        }
    }

    private static void Release(Microsoft.EntityFrameworkCore.Query.UpdateSettersBuilder<Source> set) =>
        set.SetProperty(s => s.ClaimToken, (Guid?)null).SetProperty(s => s.LastError, "written by the batch");
}
