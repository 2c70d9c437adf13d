namespace AdvisoryWatch.Access.ApiKeys;

/// <summary>
/// Why a key was not made: <paramref name="Key"/> is the administration page's text for it (with
/// <paramref name="Argument"/>), <paramref name="Text"/> the command line's English wording.
/// </summary>
public sealed record ApiKeyProblem(string Key, string Argument, string Text)
{
    public override string ToString() => Text;
}
