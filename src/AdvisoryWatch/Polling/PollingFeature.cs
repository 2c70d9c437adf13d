using AdvisoryWatch.Data;
using AdvisoryWatch.Fetching;
using AdvisoryWatch.Hosting;
using Microsoft.Extensions.Options;

namespace AdvisoryWatch.Polling;

public static class PollingFeature
{
    /// <summary>The fetcher and poller everywhere (the CLI's <c>sources check</c> uses them); the ticking job on scheduler nodes.</summary>
    public static WebApplicationBuilder AddPolling(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddFetching(builder.Configuration);
        builder.Services.AddOptions<PollingOptions>()
            .BindSection(PollingOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<HostLimiter>();
        builder.Services.AddScoped<SourcePoller>();
        builder.Services.AddScoped<ClaimedPoll>();
        builder.Services.AddSingleton<ScheduleWriter>();
        if (builder.Roles().HasFlag(NodeRoles.Scheduler))
        {
            builder.AddTickingJob<SchedulerTickJob>(SchedulerTickJob.JobName, services => services.GetRequiredService<IOptions<PollingOptions>>().Value.TickInterval);
        }

        return builder;
    }

    /// <summary><c>POST /api/v1/sources/{id}/check</c>: make a source due now (the next tick polls it).</summary>
    public static WebApplication MapPollingApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapPost("/api/v1/sources/{id}/check", async (string id, AdvisoryWatchDbContext db, TimeProvider time, CancellationToken ct) =>
            await SourceClaims.MakeDueAsync(db, id, time.GetUtcNow(), ct) == 0 ? Results.NotFound() : Results.Accepted($"/api/v1/sources/{id}"));
        return app;
    }
}
