using AdvisoryWatch.Access;
using AdvisoryWatch.Data;
using Microsoft.EntityFrameworkCore;

namespace AdvisoryWatch.Sources;

/// <summary>A source with its health, as the API and <c>sources show</c> present it.</summary>
public sealed record SourceView(
    string Id,
    string Name,
    string Authority,
    string Country,
    string Language,
    string Kind,
    string Url,
    string Host,
    string? FallbackUrl,
    bool Enabled,
    int IntervalMinutes,
    IReadOnlyList<string> DefaultTopics,
    bool NeedsVerification,
    SourceHealthView Health)
{
    public static SourceView From(Source s, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(s);
        return new(
            s.Id,
            s.Name,
            s.Authority,
            s.Country,
            s.Language,
            SourceDefinition.KindName(s.Kind),
            s.Url,
            Polling.SourceHost.Of(s.Url),
            s.FallbackUrl,
            s.Enabled,
            s.IntervalMinutes,
            s.DefaultTopics,
            s.NeedsVerification,
            new SourceHealthView(
                SourcesCommand.HealthState(s, now),
                s.LatenessAt(now) is { } late ? Math.Round(late.TotalSeconds, 1) : null,
                s.LastAttemptAtUtc,
                s.LastSuccessAtUtc,
                s.LastStatusCode,
                s.FinalUrl,
                s.PermanentRedirectTo,
                s.LastError,
                s.LastReadWarnings,
                s.ItemsSeen,
                s.NewestItemAtUtc,
                s.NewestItemAtUtc is { } n ? Math.Round((now - n).TotalDays, 2) : null,
                s.ConsecutiveFailures,
                s.IsStale(now),
                s.StaleAfterDays,
                s.NextCheckAtUtc,
                s.RetryAfterUtc,
                s.BaselineTakenAtUtc));
    }
}

/// <param name="State">ok, warnings, not polled yet, overdue, failing, stale or disabled (see <c>sources list</c>).</param>
/// <param name="LastReadWarnings">What the last successful read recovered from or repaired; null when it was clean.</param>
/// <param name="OverdueSeconds">How long the source has been due without being checked; null when not due.</param>
public sealed record SourceHealthView(
    string State,
    double? OverdueSeconds,
    DateTimeOffset? LastAttemptAtUtc,
    DateTimeOffset? LastSuccessAtUtc,
    int? LastStatusCode,
    string? FinalUrl,
    string? PermanentRedirectTo,
    string? LastError,
    string? LastReadWarnings,
    int? ItemsSeen,
    DateTimeOffset? NewestItemAtUtc,
    double? NewestItemAgeDays,
    int ConsecutiveFailures,
    bool Stale,
    int StaleAfterDays,
    DateTimeOffset? NextCheckAtUtc,
    DateTimeOffset? RetryAfterUtc,
    DateTimeOffset? BaselineTakenAtUtc);

public static partial class SourcesFeature
{
    public static WebApplication MapSourcesApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var group = app.MapGroup("/api/v1/sources").RequireReader();
        group.MapGet("/", async (AdvisoryWatchDbContext db, TimeProvider time, CancellationToken ct) =>
        {
            var now = time.GetUtcNow();
            var rows = await db.Set<Source>().AsNoTracking().OrderBy(s => s.Id).ToListAsync(ct);
            return Results.Ok(rows.Select(s => SourceView.From(s, now)));
        });
        group.MapGet("/{id}", async (string id, AdvisoryWatchDbContext db, TimeProvider time, CancellationToken ct) =>
            await db.Set<Source>().AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, ct) is { } s
                ? Results.Ok(SourceView.From(s, time.GetUtcNow()))
                : Results.NotFound());

        // Reads the address now and saves nothing; Admin, since it makes the product fetch any URL.
        app.MapPost("/api/v1/sources/preview", async (SourceDefinition body, SourcePreviewer previewer, CancellationToken ct) =>
        {
            var preview = await previewer.PreviewAsync(body, ct);
            return preview.Problems.Count > 0
                ? Results.ValidationProblem(preview.Problems.GroupBy(p => p.Field).ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray()))
                : Results.Ok(SourcePreviewView.From(preview));
        }).RequireAdmin();
        return app;
    }
}
