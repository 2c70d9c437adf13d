namespace AdvisoryWatch.Notifications.Rendering;

/// <summary>The names a template sees in one scope (a message, a severity group, an item, a diff line...).</summary>
internal class TemplateSchema(string scope)
{
    private readonly Dictionary<string, TemplateField> _fields = new(StringComparer.Ordinal);

    /// <summary>What the scope is, for error messages and the docs.</summary>
    public string Scope { get; } = scope;

    public IEnumerable<TemplateField> Fields => _fields.Values;

    public bool TryGet(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out TemplateField? field) => _fields.TryGetValue(name, out field);

    protected void Add(TemplateField field) => _fields.Add(field.Name, field);
}

/// <summary>The names of a scope whose model is a <typeparamref name="T"/>.</summary>
internal sealed class TemplateSchema<T>(string scope) : TemplateSchema(scope)
    where T : class
{
    /// <summary>A value; as a section it is shown when <paramref name="present"/> says so (always, without it).</summary>
    public TemplateSchema<T> Value(string name, string description, Action<T, TemplateWriter> write, Func<T, bool>? present = null)
    {
        Add(new TemplateField
        {
            Name = name,
            Description = description,
            Kind = TemplateFieldKind.Value,
            Write = (model, writer) => write((T)model, writer),
            IsShown = present is null ? static _ => true : model => present((T)model),
        });
        return this;
    }

    public TemplateSchema<T> Flag(string name, string description, Func<T, bool> test)
    {
        Add(new TemplateField { Name = name, Description = description, Kind = TemplateFieldKind.Flag, IsShown = model => test((T)model) });
        return this;
    }

    public TemplateSchema<T> List<TItem>(string name, string description, Func<T, IReadOnlyList<TItem>> items, TemplateSchema<TItem> itemSchema)
        where TItem : class
    {
        Add(new TemplateField { Name = name, Description = description, Kind = TemplateFieldKind.List, Items = model => items((T)model), ItemSchema = itemSchema });
        return this;
    }
}
