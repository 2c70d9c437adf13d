using System.ComponentModel;
using System.Globalization;
using System.Reflection;

namespace AdvisoryWatch.Hosting;

/// <summary>
/// Every key under <c>AdvisoryWatch</c> that some feature reads, built from the sections the features
/// declare (<see cref="KnownSection"/>) and the properties of their options types. Refuses any other
/// key: the binder would ignore a misspelt one silently and the default would apply unnoticed.
/// </summary>
internal sealed class ConfigurationSchema : IConfigurationCheck
{
    public const string Root = "AdvisoryWatch";

    private readonly Node _root = new(NodeKind.Object);

    public ConfigurationSchema(IEnumerable<KnownSection> sections)
    {
        ArgumentNullException.ThrowIfNull(sections);
        foreach (var section in sections)
        {
            var parts = section.Path.Split(':');
            if (!string.Equals(parts[0], Root, StringComparison.OrdinalIgnoreCase))
            {
                throw new ArgumentException($"{section.Path} is not under {Root}", nameof(sections));
            }

            var node = _root;
            foreach (var part in parts.Skip(1))
            {
                node = node.ChildOrAdd(part, () => new Node(NodeKind.Object));
            }

            node.Merge(Node.For(section.OptionsType, section.NotKeys, depth: 0));
        }
    }

    /// <summary>Every known key, as a full path; a list or map is one key (its entries are <c>:0</c>, <c>:1</c> or <c>:name</c>).</summary>
    public IReadOnlyList<string> Keys
    {
        get
        {
            var keys = new List<string>();
            CollectKeys(_root, Root, keys);
            return keys;
        }
    }

    public IEnumerable<string> Check(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var errors = new List<string>();
        Walk(configuration.GetSection(Root), _root, Root, errors);
        return errors;
    }

    private void Walk(IConfigurationSection section, Node node, string path, List<string> errors)
    {
        foreach (var child in section.GetChildren())
        {
            var childPath = path + ":" + child.Key;
            switch (node.Kind)
            {
                case NodeKind.Value:
                    errors.Add($"{childPath}: not a known setting; {path} takes one value, not keys under it.");
                    break;
                case NodeKind.List when !int.TryParse(child.Key, NumberStyles.None, CultureInfo.InvariantCulture, out _):
                    errors.Add($"{childPath}: not a known setting; {path} is a list, its entries are {path}:0, {path}:1, ...");
                    break;
                case NodeKind.List or NodeKind.Map:
                    Walk(child, node.Element!, childPath, errors);
                    break;
                default:
                    if (node.Children.TryGetValue(child.Key, out var known))
                    {
                        Walk(child, known, childPath, errors);
                    }
                    else
                    {
                        errors.Add($"{childPath}: not a known setting; {Suggest(node, path, child.Key)}");
                    }

                    break;
            }
        }
    }

    /// <summary>The sibling within a small edit distance, else the same name elsewhere, else the list of siblings.</summary>
    private string Suggest(Node node, string path, string key)
    {
        var best = node.Order
            .Select(name => (Name: name, Distance: EditDistance(name, key)))
            .OrderBy(c => c.Distance)
            .FirstOrDefault();
        if (best.Name is not null && best.Distance <= (key.Length < 5 ? 1 : 2))
        {
            return $"did you mean {path}:{best.Name}?";
        }

        var elsewhere = Keys.FirstOrDefault(k => string.Equals(k[(k.LastIndexOf(':') + 1)..], key, StringComparison.OrdinalIgnoreCase));
        if (elsewhere is not null)
        {
            return $"did you mean {elsewhere}?";
        }

        return node.Order.Count == 0 ? $"{path} has no settings." : $"the settings here are {string.Join(", ", node.Order)}.";
    }

    /// <summary>Edits (insert, delete, replace, swap two neighbours) from one to the other, ignoring case: keys are case-insensitive.</summary>
    internal static int EditDistance(string a, string b)
    {
        a = a.ToUpperInvariant();
        b = b.ToUpperInvariant();
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }

    private static void CollectKeys(Node node, string path, List<string> keys)
    {
        switch (node.Kind)
        {
            case NodeKind.Object:
                foreach (var name in node.Order)
                {
                    CollectKeys(node.Children[name], path + ":" + name, keys);
                }

                break;
            case NodeKind.List or NodeKind.Map when node.Element!.Kind == NodeKind.Object:
                CollectKeys(node.Element, path + ":*", keys);
                break;
            default:
                keys.Add(path);
                break;
        }
    }

    private enum NodeKind
    {
        /// <summary>One value (text, number, time span, enum, URL...).</summary>
        Value,

        /// <summary>Named keys, each with its own shape.</summary>
        Object,

        /// <summary>Numbered entries of one shape.</summary>
        List,

        /// <summary>Entries of one shape under any name (a dictionary).</summary>
        Map,
    }

    private sealed class Node(NodeKind kind, Node? element = null)
    {
        private const int MaxDepth = 8;

        public NodeKind Kind { get; } = kind;

        public Node? Element { get; } = element;

        public Dictionary<string, Node> Children { get; } = new(StringComparer.OrdinalIgnoreCase);

        /// <summary>The children's names in declaration order, for messages.</summary>
        public List<string> Order { get; } = [];

        public Node ChildOrAdd(string name, Func<Node> create)
        {
            if (!Children.TryGetValue(name, out var child))
            {
                child = create();
                Children[name] = child;
                Order.Add(name);
            }

            return child;
        }

        public void Merge(Node other)
        {
            foreach (var name in other.Order)
            {
                var theirs = other.Children[name];
                if (Children.TryGetValue(name, out var ours) && ours.Kind == NodeKind.Object && theirs.Kind == NodeKind.Object)
                {
                    ours.Merge(theirs);
                }
                else
                {
                    ChildOrAdd(name, () => theirs);
                }
            }
        }

        /// <summary>The shape the configuration binder gives <paramref name="type"/>.</summary>
        public static Node For(Type type, IReadOnlyCollection<string> notKeys, int depth)
        {
            if (IsValue(type))
            {
                return new Node(NodeKind.Value);
            }

            if ((Generic(type, typeof(IDictionary<,>)) ?? Generic(type, typeof(IReadOnlyDictionary<,>))) is { } dictionary)
            {
                return new Node(NodeKind.Map, For(dictionary[1], [], depth + 1));
            }

            if (type.IsArray)
            {
                return new Node(NodeKind.List, For(type.GetElementType()!, [], depth + 1));
            }

            if (Generic(type, typeof(IEnumerable<>)) is { } enumerable)
            {
                return new Node(NodeKind.List, For(enumerable[0], [], depth + 1));
            }

            var node = new Node(NodeKind.Object);
            if (depth >= MaxDepth)
            {
                return node;
            }

            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                // The binder sets public setters (and init), and fills get-only collections and objects in place.
                var settable = property.SetMethod is { IsPublic: true };
                if (property.GetIndexParameters().Length > 0 || property.GetMethod is not { IsPublic: true }
                    || (!settable && IsValue(property.PropertyType))
                    || notKeys.Contains(property.Name, StringComparer.Ordinal))
                {
                    continue;
                }

                var name = property.GetCustomAttribute<ConfigurationKeyNameAttribute>()?.Name ?? property.Name;
                node.ChildOrAdd(name, () => For(property.PropertyType, [], depth + 1));
            }

            return node;
        }

        private static bool IsValue(Type type) =>
            type == typeof(string) || type == typeof(object) || TypeDescriptor.GetConverter(type).CanConvertFrom(typeof(string));

        private static Type[]? Generic(Type type, Type definition)
        {
            if (type.IsGenericType && type.GetGenericTypeDefinition() == definition)
            {
                return type.GetGenericArguments();
            }

            return type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == definition)?.GetGenericArguments();
        }
    }
}
