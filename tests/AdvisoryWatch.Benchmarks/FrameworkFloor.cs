using System.Diagnostics;
using System.Globalization;
using AngleSharp.Html.Parser;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Quartz;
using YamlDotNet.Serialization;

namespace AdvisoryWatch.Benchmarks;

/// <summary>
/// The reference for the idle host's working set: the frameworks the product is built on, each
/// started and used once, with none of the product's code — an ASP.NET Core minimal API, EF Core on
/// SQLite (one entity), MassTransit's in-memory bus with one consumer, Quartz with one ticking job,
/// an AngleSharp parse and a YamlDotNet read. The polling benchmark runs it as a child process and
/// reports the product's idle working set against it. Its model is far smaller than the product's,
/// so the reference errs low.
/// </summary>
internal static class FrameworkFloor
{
    public static async Task<int> RunAsync()
    {
        var data = Path.Combine(Path.GetTempPath(), "advisorywatch-floor-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(data);
        try
        {
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = ["--urls", "http://127.0.0.1:0"] });
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.Services.AddDbContextPool<FloorDb>(o => o.UseSqlite($"Data Source={Path.Combine(data, "floor.db")}"));
            builder.Services.AddSingleton<FloorConsumer.Received>();
            builder.Services.AddMassTransit(bus =>
            {
                bus.AddConsumer<FloorConsumer>();
                bus.UsingInMemory((context, cfg) => cfg.ConfigureEndpoints(context));
            });
            builder.Services.AddQuartz(q => q.ScheduleJob<FloorJob>(
                trigger => trigger.WithIdentity("floor").StartNow().WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromSeconds(5)).RepeatForever()),
                job => job.WithIdentity("floor")));
            builder.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
            await using var app = builder.Build();
            app.MapGet("/health/live", () => "ok");

            // Before the start, as the product creates its schema: the job's first tick reads the table.
            await using (var scope = app.Services.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<FloorDb>().Database.EnsureCreatedAsync();
            }

            await app.StartAsync();
            await using (var scope = app.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<FloorDb>();
                db.Add(new FloorRow { Id = Guid.CreateVersion7(), Name = "floor", AtUtc = TimeProvider.System.GetUtcNow(), Tags = ["a", "b"] });
                await db.SaveChangesAsync();
                _ = await db.Set<FloorRow>().CountAsync(r => r.Name == "floor");
            }

            await app.Services.GetRequiredService<IPublishEndpoint>().Publish(new FloorEvent(Guid.NewGuid()));
            await app.Services.GetRequiredService<FloorConsumer.Received>().Task.WaitAsync(TimeSpan.FromSeconds(30));
            using var document = new HtmlParser().ParseDocument("<html><body><ul><li><a href='/a'>A</a></li><li><a href='/b'>B</a></li></ul></body></html>");
            _ = document.QuerySelectorAll("li a").Length;
            _ = new DeserializerBuilder().Build().Deserialize<Dictionary<string, object>>("sources:\n  - id: a\n    url: https://example.org/\n");

            // Measured as the polling benchmark measures the product's idle host.
            await Task.Delay(2_000);
            Console.WriteLine(PollingBenchmark.WorkingSetMb().ToString("F1", CultureInfo.InvariantCulture));
            await app.StopAsync();
            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(data, recursive: true);
        }
    }

    /// <summary>Starts this program as the floor in a child process and reads its idle working set.</summary>
    public static async Task<double> MeasureAsync()
    {
        var self = Environment.ProcessPath!;
        var info = new ProcessStartInfo(self) { RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            info.ArgumentList.Add(typeof(FrameworkFloor).Assembly.Location);
        }

        info.ArgumentList.Add("framework-floor");
        using var floor = Process.Start(info) ?? throw new InvalidOperationException("could not start the framework floor");
        // The console log shares standard output; the figure is the last line.
        var output = await floor.StandardOutput.ReadToEndAsync();
        await floor.WaitForExitAsync();
        var last = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        return floor.ExitCode == 0 && double.TryParse(last, CultureInfo.InvariantCulture, out var mb)
            ? mb
            : throw new InvalidOperationException($"the framework floor failed (exit {floor.ExitCode}): {last}");
    }

    internal sealed class FloorDb(DbContextOptions<FloorDb> options) : DbContext(options)
    {
        protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.Entity<FloorRow>().HasKey(r => r.Id);
    }

    internal sealed class FloorRow
    {
        public Guid Id { get; set; }

        public required string Name { get; set; }

        public DateTimeOffset AtUtc { get; set; }

        public List<string> Tags { get; set; } = [];
    }

    internal sealed record FloorEvent(Guid Id);

    internal sealed class FloorConsumer(FloorConsumer.Received received) : IConsumer<FloorEvent>
    {
        public Task Consume(ConsumeContext<FloorEvent> context)
        {
            received.TrySetResult();
            return Task.CompletedTask;
        }

        internal sealed class Received() : TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    internal sealed class FloorJob(FloorDb db) : IJob
    {
        public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) => _ = await db.Set<FloorRow>().CountAsync(cancellationToken);
    }
}
