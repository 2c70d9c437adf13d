using AdvisoryWatch.Access;
using AdvisoryWatch.Contracts;

namespace AdvisoryWatch.Topics;

/// <summary>A topic with its names and how many keywords and patterns tag it.</summary>
public sealed record TopicView(string Id, IReadOnlyDictionary<string, string> Names, IReadOnlyList<string> Aliases, int Keywords, int Patterns);

public sealed record TopicListView(int RuleVersion, Severity DefaultSeverity, int SeverityRules, IReadOnlyList<TopicView> Topics);

public sealed record ClassifyRequest(string? Title, string? Text, string? Language, IReadOnlyList<string>? SourceTopics);

/// <param name="SkippedPatterns">Patterns not run because the item's budget was spent (they count as no match); 0 normally.</param>
public sealed record ClassifyView(int RuleVersion, IReadOnlyList<string> Topics, Severity Severity, IReadOnlyList<string> MatchedRules, int SkippedPatterns);

public sealed record RuleProblemsView(string Title, IReadOnlyList<TopicRuleProblem> Problems);

public static partial class TopicsFeature
{
    private const long MaxRulesBytes = 1024 * 1024;
    private const int MaxRulesChars = TopicRules.MaxRulesChars;

    /// <summary>The longest title plus text a classify request may send, in characters: a poll's texts are capped likewise.</summary>
    private const int MaxClassifyChars = 1_000_000;

    /// <summary>
    /// <c>GET /api/v1/topics</c>, <c>GET|PUT /api/v1/topics/rules</c>, <c>POST /api/v1/topics/classify</c>
    /// and <c>POST /api/v1/topics/reapply</c>.
    /// </summary>
    public static WebApplication MapTopicsApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var group = app.MapGroup("/api/v1/topics");
        group.MapGet("/", (TopicRules rules) => Results.Ok(List(rules))).RequireReader();
        group.MapGet("/rules", (TopicRules rules) => Results.Ok(rules.CurrentRules)).RequireReader();
        group.MapPut("/rules", async (HttpRequest request, string? comment, TopicRules rules, CurrentActor actor, CancellationToken ct) =>
        {
            if (await ReadBoundedAsync(request, ct) is not { } yaml)
            {
                return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "The rule file is larger than 1 MB.");
            }

            return await rules.SaveAsync(yaml, actor.Name, comment, ct) switch
            {
                SaveRulesResult.Saved saved => Results.Ok(saved.Rules),
                SaveRulesResult.Invalid invalid => Results.BadRequest(new RuleProblemsView("The rules were not saved.", invalid.Problems)),
                _ => throw new InvalidOperationException("unreachable"),
            };
        }).Accepts<string>("application/yaml", "text/yaml", "text/plain").RequireAdmin();
        // The request's token is the caller's: a caller that leaves stops the patterns at once.
        group.MapPost("/classify", (ClassifyRequest body, TopicRules rules, CancellationToken ct) =>
        {
            if (string.IsNullOrWhiteSpace(body.Title) && string.IsNullOrWhiteSpace(body.Text))
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["title"] = ["a title or a text is required"] });
            }

            if ((body.Title?.Length ?? 0) + (body.Text?.Length ?? 0) > MaxClassifyChars)
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["text"] = [$"the title and text are longer than {MaxClassifyChars:N0} characters"] });
            }

            return Results.Ok(Classify(rules, body.Title ?? "", body.Text, body.Language, body.SourceTopics, ct));
        }).RequireCoordinator(); // changes nothing, but runs every pattern (up to the item budget of CPU)
        group.MapPost("/reapply", async (TopicReapplier reapplier, CancellationToken ct) =>
            Results.Ok(await reapplier.ReapplyAsync(ct))).RequireAdmin();
        return app;
    }

    /// <summary>The body as text, or null when it is longer than a rule file can sensibly be (a chunked body has no length to check first).</summary>
    private static async Task<string?> ReadBoundedAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxRulesBytes)
        {
            return null;
        }

        using var reader = new StreamReader(request.Body);
        var buffer = new char[MaxRulesChars + 1];
        var read = 0;
        while (read < buffer.Length && await reader.ReadAsync(buffer.AsMemory(read), ct) is var n and > 0)
        {
            read += n;
        }

        return read > MaxRulesChars ? null : new string(buffer, 0, read);
    }

    internal static TopicListView List(TopicRules rules)
    {
        var set = rules.Current;
        return new TopicListView(
            rules.Version,
            set.DefaultSeverity,
            set.SeverityRuleCount,
            [.. set.Topics.Select(t => new TopicView(t.Id, t.Names, t.Aliases, t.Keywords, t.Patterns))]);
    }

    internal static ClassifyView Classify(TopicRules rules, string title, string? text, string? language, IReadOnlyList<string>? sourceTopics, CancellationToken cancellationToken)
    {
        var version = rules.Version;
        var match = rules.Classify(title, text, language ?? "", sourceTopics ?? [], cancellationToken);
        return new ClassifyView(version, match.Topics, match.Severity, match.MatchedRules, match.SkippedPatterns);
    }
}
