namespace AdvisoryWatch.Hosting;

/// <summary>Enum values as the API speaks them: <c>ActionNeeded</c> ↔ <c>action-needed</c>.</summary>
public static class KebabNames
{
    public static string Format<T>(T value)
        where T : struct, Enum
    {
        var name = value.ToString();
        return string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
    }

    /// <summary>The value named <paramref name="text"/> (kebab or Pascal case); null for anything else, numbers included.</summary>
    public static T? Parse<T>(string? text)
        where T : struct, Enum =>
        text is not null
        && !int.TryParse(text, out _)
        && Enum.TryParse<T>(text.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out var value)
        && Enum.IsDefined(value) ? value : null;

    /// <summary>"one of a, b, c" for an error message.</summary>
    public static string OneOf<T>()
        where T : struct, Enum => "one of " + string.Join(", ", Enum.GetValues<T>().Select(Format));
}
