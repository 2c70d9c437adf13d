namespace AdvisoryWatch.Access.Oidc;

/// <summary>
/// Why an entry of a new mapping is refused: <paramref name="Index"/> is its position (from 0; -1
/// for the whole list), <paramref name="Key"/> the administration page's text for it (with
/// <paramref name="Argument"/>), <paramref name="Text"/> the API's English wording.
/// </summary>
public sealed record OidcMappingProblem(int Index, string Key, string Argument, string Text);
