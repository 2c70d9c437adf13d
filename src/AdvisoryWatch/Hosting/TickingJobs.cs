using Quartz;

namespace AdvisoryWatch.Hosting;

/// <summary>
/// The scheduler runs a few ticking Quartz jobs (the database is the schedule, so there is no
/// trigger per source or per digest). Each feature adds its job here; Quartz's hosted service is
/// registered once, whatever the number of jobs.
/// </summary>
public static class TickingJobs
{
    public static WebApplicationBuilder AddTickingJob<TJob>(this WebApplicationBuilder builder, string name, Func<IServiceProvider, TimeSpan> interval)
        where TJob : IJob
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddQuartz(q => q.ScheduleJob<TJob>(
            (services, trigger) => trigger
                .WithIdentity(name)
                .StartNow()
                .WithSimpleSchedule(s => s.WithInterval(interval(services)).RepeatForever()),
            (_, job) => job.WithIdentity(name)));
        if (!builder.Services.Any(d => d.ServiceType == typeof(QuartzHostedOnce)))
        {
            builder.Services.AddSingleton<QuartzHostedOnce>();
            builder.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        }

        return builder;
    }

    private sealed class QuartzHostedOnce;
}
