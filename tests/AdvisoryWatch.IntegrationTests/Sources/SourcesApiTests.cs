using System.Text.Json;
using AdvisoryWatch.Sources;
using Microsoft.EntityFrameworkCore;

namespace AdvisoryWatch.IntegrationTests.Sources;

public class SourcesApiTests
{
    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Sources_api_shows_each_source_with_its_recorded_health(string provider)
    {
        await using var env = TestEnvironment.Create(provider);
        await using var app = await env.StartAsync();
        var oslo = TimeSpan.FromHours(2);
        var attempt = new DateTimeOffset(2026, 6, 9, 10, 0, 0, oslo);

        // Record health as a poll would (the polling feature writes these columns).
        await app.WithDbAsync(async db =>
        {
            var s = await db.Set<Source>().SingleAsync(x => x.Id == "nsm-all");
            s.LastAttemptAtUtc = attempt;
            s.LastSuccessAtUtc = attempt.AddHours(-1);
            s.LastStatusCode = 503;
            s.FinalUrl = "https://nsm.no/rss/alle-oppdateringer-fra-nsm/";
            s.PermanentRedirectTo = "https://nsm.no/rss/ny/";
            s.LastError = "HttpError: 503";
            s.ItemsSeen = 20;
            s.NewestItemAtUtc = attempt.AddDays(-30);
            s.ConsecutiveFailures = 2;
            s.NextCheckAtUtc = attempt.AddMinutes(10);
            return await db.SaveChangesAsync();
        });

        var json = await app.Http.GetStringAsync(new Uri("/api/v1/sources", UriKind.Relative), TestContext.Current.CancellationToken);
        using var doc = JsonDocument.Parse(json);
        var nsm = doc.RootElement.EnumerateArray().Single(e => e.GetProperty("id").GetString() == "nsm-all");
        var health = nsm.GetProperty("health");
        Assert.Equal("feed", nsm.GetProperty("kind").GetString());
        Assert.Equal(attempt, health.GetProperty("lastAttemptAtUtc").GetDateTimeOffset());
        Assert.Equal(TimeSpan.Zero, health.GetProperty("lastAttemptAtUtc").GetDateTimeOffset().Offset);
        Assert.Equal(attempt.AddHours(-1), health.GetProperty("lastSuccessAtUtc").GetDateTimeOffset());
        Assert.Equal(503, health.GetProperty("lastStatusCode").GetInt32());
        Assert.Equal("https://nsm.no/rss/ny/", health.GetProperty("permanentRedirectTo").GetString());
        Assert.Equal(20, health.GetProperty("itemsSeen").GetInt32());
        Assert.Equal(2, health.GetProperty("consecutiveFailures").GetInt32());
        Assert.True(health.GetProperty("stale").GetBoolean(), "newest item older than the 21-day threshold");
        Assert.True(health.GetProperty("newestItemAgeDays").GetDouble() > 30);
        Assert.Equal(attempt.AddMinutes(10), health.GetProperty("nextCheckAtUtc").GetDateTimeOffset());
        Assert.Equal("https://nsm.no/rss/alle-oppdateringer-fra-nsm/", nsm.GetProperty("url").GetString());

        var cert = doc.RootElement.EnumerateArray().Single(e => e.GetProperty("id").GetString() == "cert-se").GetProperty("health");
        Assert.Equal(JsonValueKind.Null, cert.GetProperty("lastAttemptAtUtc").ValueKind);
        Assert.False(cert.GetProperty("stale").GetBoolean());

        var one = await app.Http.GetAsync(new Uri("/api/v1/sources/nope", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, one.StatusCode);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Due_sources_can_be_queried_by_time_in_the_database(string provider)
    {
        await using var env = TestEnvironment.Create(provider);
        await using var app = await env.StartAsync();
        var now = new DateTimeOffset(2026, 6, 9, 12, 0, 0, TimeSpan.Zero);
        await app.WithDbAsync(async db =>
        {
            await db.Set<Source>().ExecuteUpdateAsync(u => u.SetProperty(s => s.NextCheckAtUtc, now.AddHours(1)));
            await db.Set<Source>().Where(s => s.Id == "cert-se").ExecuteUpdateAsync(u => u.SetProperty(s => s.NextCheckAtUtc, now.AddMinutes(-1)));

            // Written with an offset: stored as the same instant in UTC.
            var imy = await db.Set<Source>().SingleAsync(s => s.Id == "imy-news");
            imy.NextCheckAtUtc = new DateTimeOffset(2026, 6, 9, 13, 30, 0, TimeSpan.FromHours(2));
            return await db.SaveChangesAsync();
        });

        var due = await app.WithDbAsync(db => db.Set<Source>().Where(s => s.NextCheckAtUtc <= now).OrderBy(s => s.NextCheckAtUtc).Select(s => s.Id).ToListAsync());
        Assert.Equal(["imy-news", "cert-se"], due); // 13:30+02:00 is 11:30Z, before 11:59Z
    }
}
