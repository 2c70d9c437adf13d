namespace AdvisoryWatch.Notifications.Rendering;

internal enum TemplateFieldKind
{
    /// <summary>Written with <c>{{name}}</c>; as a section, shown when it has something to show.</summary>
    Value,

    /// <summary>A yes/no condition: only <c>{{#name}}</c> and <c>{{^name}}</c>.</summary>
    Flag,

    /// <summary>Repeated with <c>{{#name}}</c>, once per element; <c>{{^name}}</c> when it is empty.</summary>
    List,
}

/// <summary>One name a template can use, resolved when the template is loaded (never looked up while rendering).</summary>
internal sealed class TemplateField
{
    public required string Name { get; init; }

    public required string Description { get; init; }

    public required TemplateFieldKind Kind { get; init; }

    /// <summary>For a value: writes it.</summary>
    public Action<object, TemplateWriter>? Write { get; init; }

    /// <summary>For a value or a flag: whether a section on it is shown.</summary>
    public Func<object, bool>? IsShown { get; init; }

    /// <summary>For a list: its elements.</summary>
    public Func<object, IReadOnlyList<object>>? Items { get; init; }

    /// <summary>For a list: the names of one element.</summary>
    public TemplateSchema? ItemSchema { get; init; }
}
