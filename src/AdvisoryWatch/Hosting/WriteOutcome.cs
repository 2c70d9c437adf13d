namespace AdvisoryWatch.Hosting;

/// <summary>
/// What a change asked of a feature came to, for the JSON API and the pages alike: each turns it
/// into its own answer (a status code; a page with the errors, or a redirect).
/// </summary>
public abstract record WriteOutcome<T>
{
    private WriteOutcome()
    {
    }

    /// <summary>Saved (or already so); <see cref="Created"/> when it did not exist before.</summary>
    public sealed record Saved(T Value, bool Created) : WriteOutcome<T>;

    /// <summary>Nothing saved: each field named with what is wrong with it (the API's problem details).</summary>
    public sealed record Invalid(IDictionary<string, string[]> Errors) : WriteOutcome<T>;

    /// <summary>Not there, or not the caller's to change: the two read the same.</summary>
    public sealed record NotFound : WriteOutcome<T>;

    /// <summary>Another request changed it at the same moment; nothing saved.</summary>
    public sealed record Conflict(string Title) : WriteOutcome<T>;

    /// <summary>The API's answer: 201 at <paramref name="location"/> when created, 200, 400, 404 or 409.</summary>
    public IResult ToResult(Func<T, string> location) => this switch
    {
        Saved { Created: true } s => Results.Created(location(s.Value), s.Value),
        Saved s => Results.Ok(s.Value),
        Invalid i => Results.ValidationProblem(i.Errors),
        Conflict c => Results.Conflict(new { title = c.Title }),
        _ => Results.NotFound(),
    };
}
