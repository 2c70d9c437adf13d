namespace AdvisoryWatch.Access.ApiKeys;

/// <summary>The key's text: <c>aw_</c> and 256 random bits in base64url (<see cref="SecretToken"/>).</summary>
public static class ApiKeySecret
{
    public const string Marker = "aw_";

    private static readonly SecretToken Shape = new(Marker);

    /// <summary>Length of a key: the marker and 43 base64url characters.</summary>
    public static readonly int Length = Shape.Length;

    public static string New() => Shape.New();

    /// <summary>What the database keeps of a key.</summary>
    public static string Hash(string key) => SecretToken.Hash(key);

    /// <summary>The start of the key shown in lists; the 220 bits after it stay secret.</summary>
    public static string Prefix(string key) => Shape.Prefix(key);

    /// <summary>Has the shape of a key (a cheap refusal of anything else, before any lookup).</summary>
    public static bool IsWellFormed(string text) => Shape.IsWellFormed(text);
}
