using System.Globalization;
using AdvisoryWatch.Access;
using AdvisoryWatch.Audit;
using AdvisoryWatch.Data;
using AdvisoryWatch.Fetching;
using AdvisoryWatch.Hosting;
using AdvisoryWatch.Messaging;
using MassTransit;
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
        if ((builder.Roles() & (NodeRoles.Scheduler | NodeRoles.Worker)) != 0)
        {
            // Before the scheduler's job and the workers: it releases this node's earlier claims
            // when it starts, and they claim under its id.
            builder.Services.AddSingleton<ClaimKeeper>();
            builder.Services.AddHostedService(sp => sp.GetRequiredService<ClaimKeeper>());
        }

        if (builder.Roles().HasFlag(NodeRoles.Scheduler))
        {
            builder.Services.AddSingleton<PollPace>();
            builder.AddTickingJob<SchedulerTickJob>(SchedulerTickJob.JobName, services => services.GetRequiredService<IOptions<PollingOptions>>().Value.TickInterval);
        }

        var workerConcurrency = builder.Configuration.GetValue($"{PollingOptions.Section}:WorkerConcurrency", new PollingOptions().WorkerConcurrency);
        builder.AddBusParticipant(
            consumers: bus => bus.AddConsumer<PollSourceConsumer>(c => c.ConcurrentMessageLimit = workerConcurrency)
                .Endpoint(e => e.Name = "advisorywatch-poll-source"),
            services: AddPollDispatch);
        return builder;
    }

    private static void AddPollDispatch(BusSetup bus)
    {
        if (bus.Transport == BusTransport.InMemory && bus.OnWorker)
        {
            // Polls stay in this process anyway; skipping the bus for them saves a command and a
            // read of the source per poll. Everything else still goes through the bus.
            bus.Services.AddSingleton<LocalPollDispatch>();
            bus.Services.AddSingleton<IPollDispatch>(sp => sp.GetRequiredService<LocalPollDispatch>());
            bus.Services.AddHostedService<LocalPollWorkers>();
        }
        else
        {
            bus.Services.AddScoped<IPollDispatch, BusPollDispatch>();
        }
    }

    /// <summary>
    /// <c>POST /api/v1/sources/{id}/check</c>: make a source due now (the next tick polls it), unless
    /// its Retry-After or back-off says not yet (429, with when). <c>GET /api/v1/hosts</c>: how each
    /// host keeps up.
    /// </summary>
    public static WebApplication MapPollingApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapPost("/api/v1/sources/{id}/check", async (string id, AdvisoryWatchDbContext db, WriteGate gate, AuditLog audit, TimeProvider time, IOptions<PollingOptions> options, HttpContext http, CancellationToken ct) =>
        {
            var now = time.GetUtcNow();
            var outcome = await ManualCheck.RequestAuditedAsync(db, gate, audit, id, now, options.Value, ct);

            switch (outcome)
            {
                case ManualCheckOutcome.Accepted accepted:
                    return Results.Accepted($"/api/v1/sources/{id}", new { sourceId = id, dueAtUtc = accepted.DueAtUtc });
                case ManualCheckOutcome.Refused refused:
                    var seconds = (long)Math.Ceiling(Math.Max(1, (refused.NextAllowedAtUtc - now).TotalSeconds));
                    http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                    return Results.Json(
                        new { title = "Too early to check this source again", sourceId = id, nextAllowedCheckAtUtc = refused.NextAllowedAtUtc, reason = refused.Reason },
                        statusCode: StatusCodes.Status429TooManyRequests);
                default:
                    return Results.NotFound();
            }
        }).RequireAdmin();
        app.MapGet("/api/v1/hosts", async (AdvisoryWatchDbContext db, TimeProvider time, IOptions<PollingOptions> options, CancellationToken ct) =>
            Results.Ok(await HostLoad.ReadAsync(db, time.GetUtcNow(), options.Value, ct))).RequireReader();
        return app;
    }
}
