namespace AdvisoryWatch.Sources;

/// <summary>The names of <see cref="ItemKind"/> in source files, and the default per source kind.</summary>
public static class ItemKinds
{
    public const string Names = "warning, advisory, news, guidance or page";

    private static readonly Dictionary<string, ItemKind> ByName = Enum.GetValues<ItemKind>().ToDictionary(Name, StringComparer.OrdinalIgnoreCase);

    public static bool TryParse(string? text, out ItemKind kind) => ByName.TryGetValue(text?.Trim() ?? string.Empty, out kind);

    public static string Name(ItemKind kind) => kind switch
    {
        ItemKind.Warning => "warning",
        ItemKind.Advisory => "advisory",
        ItemKind.Guidance => "guidance",
        ItemKind.Page => "page",
        _ => "news",
    };

    /// <summary>What the source declares, else what its kind suggests: a watched page is a page, anything else news.</summary>
    public static ItemKind Effective(ItemKind? declared, SourceKind kind) =>
        declared ?? (kind == SourceKind.Page ? ItemKind.Page : ItemKind.News);
}
