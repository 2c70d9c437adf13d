namespace AdvisoryWatch.Notifications.Rendering;

/// <summary>The items of one source within a severity, newest first.</summary>
internal sealed class SourceGroup(string source)
{
    /// <summary>The source's name as the first item has it (not yet made safe).</summary>
    public string Source { get; } = source;

    public List<ItemView> Items { get; } = [];
}
