namespace AdvisoryWatch.Benchmarks;

/// <summary>The few command-line options the harness reads: <c>--name value</c>, repeatable.</summary>
internal sealed class Options(string[] args)
{
    public IReadOnlyList<string> All(string name)
    {
        var values = new List<string>();
        for (var i = 0; i < args.Length - 1; i++)
        {
            if (args[i] == "--" + name)
            {
                values.Add(args[i + 1]);
            }
        }

        return values;
    }

    public string? Get(string name) => All(name) is { Count: > 0 } values ? values[^1] : null;

    public int GetInt(string name, int fallback) =>
        Get(name) is { } value ? int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) : fallback;
}
