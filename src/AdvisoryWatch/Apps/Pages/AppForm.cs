using AdvisoryWatch.Hosting;

namespace AdvisoryWatch.Apps.Pages;

/// <summary>What the app pages' forms share: aliases typed as one line, and the API's field errors as texts.</summary>
public static class AppForm
{
    /// <summary>Aliases as typed, separated by commas or line breaks.</summary>
    public static List<string> SplitAliases(string? text) =>
        [.. (text ?? "").Split([',', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    /// <summary>Keys of <see cref="AppsText"/>, one per field the register refused.</summary>
    public static IReadOnlyList<string> ErrorKeys<T>(WriteOutcome<T> outcome) =>
        outcome is WriteOutcome<T>.Invalid invalid
            ? [.. invalid.Errors.Keys.Select(k => k switch
            {
                "id" => "ErrorId",
                "name" => "ErrorName",
                "vendor" => "ErrorVendor",
                "aliases" => "ErrorAliases",
                "protection" => "ErrorProtection",
                "assessment" => "ErrorAssessment",
                "rationale" => "ErrorRationale",
                _ => "ErrorForm",
            })]
            : ["ErrorForm"];

    public static ProtectionLevel? Protection(string kebab) => KebabNames.Parse<ProtectionLevel>(kebab);

    public static AppVerdict? Verdict(string kebab) => KebabNames.Parse<AppVerdict>(kebab);
}
