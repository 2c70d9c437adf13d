using AdvisoryWatch.Access;
using AdvisoryWatch.Audit;
using AdvisoryWatch.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AdvisoryWatch.Topics;

/// <summary>A saved version of the rules, as the API and CLI show it.</summary>
public sealed record TopicRulesView(int Version, DateTimeOffset? SavedAtUtc, string? SavedBy, string? Comment, string Yaml);

/// <summary>The outcome of saving rules: the new version, or every problem that kept it from being saved.</summary>
public abstract record SaveRulesResult
{
    private SaveRulesResult()
    {
    }

    public sealed record Saved(TopicRulesView Rules) : SaveRulesResult;

    public sealed record Invalid(IReadOnlyList<TopicRuleProblem> Problems) : SaveRulesResult;
}

/// <summary>
/// The rules in force on this node: the highest stored version, compiled. Reads are lock-free (one
/// volatile reference); a save reloads at once in this process, and other nodes notice the new
/// version within <see cref="TopicsOptions.RefreshInterval"/>. Until the store has been read, the
/// shipped seed is in force, so classification never waits for the database.
/// </summary>
public sealed partial class TopicRules(IServiceScopeFactory scopes, TimeProvider time, IOptions<TopicsOptions> options, ILoggerFactory loggers) : IDisposable
{
    /// <summary>The longest rule file stored, in characters.</summary>
    public const int MaxRulesChars = 1024 * 1024;

    private const int SaveAttempts = 3;
    private static readonly Lazy<string> SeedYaml = new(ReadEmbeddedSeed);

    private readonly ILogger _logger = loggers.CreateLogger<TopicRules>();
    private readonly SemaphoreSlim _reload = new(1, 1);
    private Loaded? _loaded;

    /// <summary>The compiled rules in force.</summary>
    public TopicRuleSet Current => State.Set;

    /// <summary>The stored version in force; 0 before the store was read (the shipped seed).</summary>
    public int Version => State.Rules.Version;

    /// <summary>The rules in force with their version and text.</summary>
    public TopicRulesView CurrentRules => State.Rules;

    private Loaded State => Volatile.Read(ref _loaded) ?? LoadSeedState();

    /// <summary>Classifies with the rules in force, within <see cref="TopicsOptions.ItemBudget"/>.</summary>
    public TopicMatch Classify(string title, string? text, string language, IReadOnlyList<string> sourceTopics, CancellationToken cancellationToken) =>
        Current.Classify(title, text, language, sourceTopics, options.Value.ItemBudget, cancellationToken);

    /// <summary>
    /// The topic's display name in a language (falls back to English, then to the id; aliases
    /// resolve to their topic). Stable for callers outside this feature.
    /// </summary>
    public string DisplayName(string topicId, string language) => Current.DisplayName(topicId, language);

    /// <summary>The shipped rule file (<c>seeds/topics.yaml</c>), embedded in the executable.</summary>
    public static string ReadEmbeddedSeed() => Hosting.SeedFiles.ReadEmbedded("topics.yaml");

    /// <summary>Stores the shipped seed as version 1 when no version exists; an admin's rules are never replaced.</summary>
    public async Task<bool> SeedAsync(AdvisoryWatchDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (await db.Set<TopicRuleVersion>().AnyAsync(cancellationToken))
        {
            return false;
        }

        db.Add(new TopicRuleVersion { Version = 1, Yaml = SeedYaml.Value, SavedAtUtc = time.GetUtcNow(), Comment = "shipped seed" });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            // Another node seeded between our check and insert: its version 1 is the same seed.
            db.ChangeTracker.Clear();
            return false;
        }
    }

    /// <summary>
    /// Loads the highest stored version, with the contributed topics (<see cref="ITopicContributor"/>),
    /// if either differs from what is in force. Returns true when the rules changed.
    /// </summary>
    public async Task<bool> RefreshAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AdvisoryWatchDbContext>();
        var latest = await db.Set<TopicRuleVersion>().MaxAsync(v => (int?)v.Version, cancellationToken);
        var contributed = await ContributedAsync(scope.ServiceProvider, db, cancellationToken);
        var stamp = Stamp(contributed);
        if (latest is null || IsInForce(latest.Value, stamp))
        {
            return false;
        }

        await _reload.WaitAsync(cancellationToken);
        try
        {
            if (IsInForce(latest.Value, stamp))
            {
                return false;
            }

            var row = await db.Set<TopicRuleVersion>().AsNoTracking().SingleAsync(v => v.Version == latest, cancellationToken);
            var compiled = CompileWith(row.Yaml, contributed, problems => LogContributedTopicsRefused(_logger, row.Version, problems));

            if (compiled.RuleSet is null)
            {
                // Only possible when the table was edited by hand: saving validates. Keep what works.
                LogStoredRulesInvalid(_logger, row.Version, string.Join("; ", compiled.Problems));
                return false;
            }

            Volatile.Write(ref _loaded, new Loaded(compiled.RuleSet, View(row), stamp));
            LogLoaded(_logger, row.Version, compiled.RuleSet.Topics.Count, compiled.RuleSet.SeverityRuleCount);
            return true;
        }
        finally
        {
            _reload.Release();
        }
    }

    /// <summary>
    /// Compiles a rule file as it would be put in force now, with the contributed topics: what a
    /// classify preview of unsaved rules uses.
    /// </summary>
    public async Task<TopicRuleCompilation> CompileDraftAsync(string yaml, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        if (Validate(yaml) is { Count: > 0 } problems)
        {
            return new TopicRuleCompilation(null, problems);
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AdvisoryWatchDbContext>();
        return CompileWith(yaml, await ContributedAsync(scope.ServiceProvider, db, cancellationToken), _ => { });
    }

    /// <summary>Every problem that would keep the file from being saved; empty when it would be.</summary>
    public IReadOnlyList<TopicRuleProblem> Validate(string yaml)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        return yaml.Length > MaxRulesChars
            ? [new("", $"the file is {yaml.Length:N0} characters; the limit is {MaxRulesChars:N0}.")]
            : TopicRuleSet.Compile(yaml, _logger).Problems;
    }

    private static async Task<List<TopicDefinition>> ContributedAsync(IServiceProvider services, AdvisoryWatchDbContext db, CancellationToken cancellationToken)
    {
        var contributed = new List<TopicDefinition>();
        foreach (var contributor in services.GetServices<ITopicContributor>())
        {
            contributed.AddRange(await contributor.TopicsAsync(db, cancellationToken));
        }

        return contributed;
    }

    private TopicRuleCompilation CompileWith(string yaml, List<TopicDefinition> contributed, Action<string> contributedRefused)
    {
        var compiled = TopicRuleSet.Compile(yaml, contributed, _logger);
        if (compiled.RuleSet is null && contributed.Count > 0 && TopicRuleSet.Compile(yaml, _logger) is { RuleSet: not null } fileOnly)
        {
            // The file names a topic id a contributed topic also has: the file's rules still apply.
            contributedRefused(string.Join("; ", compiled.Problems));
            return fileOnly;
        }

        return compiled;
    }

    private bool IsInForce(int version, string stamp) =>
        Volatile.Read(ref _loaded) is { } loaded && loaded.Rules.Version == version && loaded.ContributedStamp == stamp;

    private static string Stamp(List<TopicDefinition> topics) =>
        string.Join('\n', topics.Select(t => t.Id + "=" + string.Join('|', t.Names.OrderBy(n => n.Key, StringComparer.Ordinal).Select(n => n.Key + ":" + n.Value)) + "=" + string.Join('|', t.Keywords)));

    /// <summary>Validates and stores a new version, then puts it in force in this process.</summary>
    public async Task<SaveRulesResult> SaveAsync(string yaml, string? savedBy, string? comment, CancellationToken cancellationToken)
    {
        if (Validate(yaml) is { Count: > 0 } problems)
        {
            return new SaveRulesResult.Invalid(problems);
        }

        for (var attempt = 1; ; attempt++)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AdvisoryWatchDbContext>();
            var next = (await db.Set<TopicRuleVersion>().MaxAsync(v => (int?)v.Version, cancellationToken) ?? 0) + 1;
            var row = new TopicRuleVersion
            {
                Version = next,
                Yaml = yaml,
                SavedAtUtc = time.GetUtcNow(),
                SavedBy = Trim(savedBy, 200),
                Comment = Trim(comment, 1000),
            };
            db.Add(row);
            db.Add(AuditEntry.Create(row.SavedAtUtc, AuditKind.Change, savedBy ?? CurrentActor.System, "topics.rules-saved", "topic-rules",
                before: next > 1 ? $"version {next - 1}" : null,
                after: $"version {next}{(string.IsNullOrWhiteSpace(comment) ? "" : ": " + comment)}"));
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException) when (attempt < SaveAttempts)
            {
                // Someone saved version N at the same moment: take N + 1.
                continue;
            }

            var pruned = await PruneAsync(db, next, cancellationToken);
            await RefreshAsync(cancellationToken);
            LogSaved(_logger, next, row.SavedBy ?? "-", pruned);
            return new SaveRulesResult.Saved(View(row));
        }
    }

    /// <summary>
    /// Clears the text of the versions older than the newest <see cref="TopicsOptions.KeepVersions"/>:
    /// their number, time, author and comment stay as the audit of who changed the rules when.
    /// An emptied text is never mistaken for rules: an empty file does not compile, so none is saved.
    /// </summary>
    private async Task<int> PruneAsync(AdvisoryWatchDbContext db, int newest, CancellationToken cancellationToken)
    {
        var oldestKept = newest - options.Value.KeepVersions + 1;
        return await db.Set<TopicRuleVersion>()
            .Where(v => v.Version < oldestKept && v.Yaml != "")
            .ExecuteUpdateAsync(set => set.SetProperty(v => v.Yaml, ""), cancellationToken);
    }

    private Loaded LoadSeedState()
    {
        var compiled = TopicRuleSet.Compile(SeedYaml.Value, _logger);
        var set = compiled.RuleSet
            ?? throw new InvalidOperationException("The shipped topic rules are invalid: " + string.Join("; ", compiled.Problems));
        var seed = new Loaded(set, new TopicRulesView(0, null, null, "shipped seed (not stored yet)", SeedYaml.Value), "");
        return Interlocked.CompareExchange(ref _loaded, seed, null) ?? seed;
    }

    public void Dispose() => _reload.Dispose();

    private static TopicRulesView View(TopicRuleVersion row) => new(row.Version, row.SavedAtUtc, row.SavedBy, row.Comment, row.Yaml);

    private static string? Trim(string? value, int max) =>
        string.IsNullOrWhiteSpace(value) ? null : value.Trim() is var t && t.Length > max ? t[..max] : t;

    private sealed record Loaded(TopicRuleSet Set, TopicRulesView Rules, string ContributedStamp);

    [LoggerMessage(Level = LogLevel.Information, Message = "Topic rules version {Version} in force: {Topics} topics, {SeverityRules} severity rules")]
    private static partial void LogLoaded(ILogger logger, int version, int topics, int severityRules);

    [LoggerMessage(Level = LogLevel.Information, Message = "Topic rules version {Version} saved by {SavedBy}; {Pruned} older versions' text cleared")]
    private static partial void LogSaved(ILogger logger, int version, string savedBy, int pruned);

    [LoggerMessage(Level = LogLevel.Error, Message = "Topic rules version {Version} apply without the app register's topics, which clash with the file: {Problems}")]
    private static partial void LogContributedTopicsRefused(ILogger logger, int version, string problems);

    [LoggerMessage(Level = LogLevel.Error, Message = "Stored topic rules version {Version} do not compile and were not loaded: {Problems}")]
    private static partial void LogStoredRulesInvalid(ILogger logger, int version, string problems);
}
