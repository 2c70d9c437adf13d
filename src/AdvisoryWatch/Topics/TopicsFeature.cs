using System.ComponentModel.DataAnnotations;
using AdvisoryWatch.Changes;
using AdvisoryWatch.Data;
using AdvisoryWatch.Access;
using AdvisoryWatch.Hosting;
using AdvisoryWatch.Hosting.Web;
using AdvisoryWatch.Topics.Pages;
using Microsoft.Extensions.Options;

namespace AdvisoryWatch.Topics;

/// <summary><c>AdvisoryWatch:Topics:*</c>.</summary>
public sealed class TopicsOptions
{
    public const string Section = "AdvisoryWatch:Topics";

    /// <summary>How often a node looks for rules another node saved; a save on this node applies at once.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long all patterns together may run on one item (a poll's change, a re-applied advisory,
    /// a classify request); the patterns not run by then count as no match.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan ItemBudget { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Saved rule versions kept whole; older ones keep who saved them, when and why, but not their text.</summary>
    [Range(1, 10_000)]
    public int KeepVersions { get; set; } = 50;
}

public static partial class TopicsFeature
{
    /// <summary>The rules in force, the classifier that uses them, the seed, and the refresh loop.</summary>
    public static WebApplicationBuilder AddTopics(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<TopicsOptions>()
            .BindSection(TopicsOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<TopicRules>();
        builder.Services.AddSingleton<IChangeClassifier, RuleClassifier>();
        builder.Services.AddScoped<TopicReapplier>();
        builder.Services.AddSingleton<TopicReapplyRunner>();
        builder.Services.AddNavigation(new NavigationEntry("/topics", typeof(TopicsText), "MenuTopics", AccessRole.Admin, 80));
        builder.Services.AddSingleton<IStartupTask, TopicRulesStartupTask>();
        builder.Services.AddHostedService<TopicRulesRefresher>();
        return builder;
    }

    /// <summary>Stores the shipped rules when none are stored, then loads what is stored.</summary>
    private sealed class TopicRulesStartupTask(TopicRules rules) : IStartupTask
    {
        public int Order => 110;

        public async Task RunAsync(IServiceProvider services, CancellationToken cancellationToken)
        {
            await rules.SeedAsync(services.GetRequiredService<AdvisoryWatchDbContext>(), cancellationToken);
            await rules.RefreshAsync(cancellationToken);
        }
    }

    /// <summary>Notices rules saved on another node: one <c>max(version)</c> query per interval.</summary>
    private sealed partial class TopicRulesRefresher(TopicRules rules, IOptions<TopicsOptions> options, TimeProvider time, ILogger<TopicRulesRefresher> logger) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            using var timer = new PeriodicTimer(options.Value.RefreshInterval, time);
            try
            {
                while (await timer.WaitForNextTickAsync(stoppingToken))
                {
                    try
                    {
                        await rules.RefreshAsync(stoppingToken);
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        // A database hiccup: the rules in force stay, the next tick tries again.
                        LogRefreshFailed(logger, e);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
            }
        }

        [LoggerMessage(Level = LogLevel.Warning, Message = "Checking for newer topic rules failed; the rules in force stay")]
        private static partial void LogRefreshFailed(ILogger logger, Exception exception);
    }
}
