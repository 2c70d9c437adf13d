using System.Reflection;
using System.Text;

namespace AdvisoryWatch.Notifications.Rendering;

/// <summary>
/// The templates of every message, compiled: the built-in set shipped inside the program, or that
/// set with the files of an operator's template folder put in place of their namesakes. Loading
/// checks every file (names, sections, partials) and reports all problems at once, so a broken
/// template stops the service at start-up, not the first mail of the morning.
/// </summary>
public sealed class MessageTemplates
{
    private const string ResourcePrefix = "AdvisoryWatch.Notifications.Rendering.Templates.";

    private static readonly Lazy<MessageTemplates> BuiltinSet = new(() => Load(null));

    private MessageTemplates(Template alertHtml, Template alertText, Template digestHtml, Template digestText, Template teamsText)
    {
        AlertHtml = alertHtml;
        AlertText = alertText;
        DigestHtml = digestHtml;
        DigestText = digestText;
        TeamsText = teamsText;
    }

    /// <summary>The templates shipped inside the program.</summary>
    public static MessageTemplates Builtin => BuiltinSet.Value;

    /// <summary>The message templates; a file whose name starts with <c>_</c> is a partial they include.</summary>
    public static IReadOnlyList<string> MessageFiles { get; } = ["alert.html", "alert.txt", "digest.html", "digest.txt", "teams.txt"];

    internal Template AlertHtml { get; }

    internal Template AlertText { get; }

    internal Template DigestHtml { get; }

    internal Template DigestText { get; }

    internal Template TeamsText { get; }

    /// <summary>
    /// The built-in templates, with those in <paramref name="folder"/> (when given) in their place.
    /// Throws <see cref="TemplateException"/> naming every problem: a missing folder, a file that is
    /// not a template, an unknown name, a section left open.
    /// </summary>
    public static MessageTemplates Load(string? folder)
    {
        var files = BuiltinFiles();
        var problems = new List<string>();
        if (folder is not null)
        {
            ReadFolder(folder, files, problems);
        }

        Template? Compile(string name, IReadOnlyList<TemplateSchema> scopes)
        {
            var extension = Path.GetExtension(name);
            try
            {
                return TemplateParser.Compile(files[name].File, files[name].Source, scopes, partial =>
                    files.TryGetValue("_" + partial + extension, out var found) ? found : null);
            }
            catch (TemplateException e)
            {
                problems.Add(e.Message);
                return null;
            }
        }

        var alertHtml = Compile("alert.html", TemplateNames.AlertScopes);
        var alertText = Compile("alert.txt", TemplateNames.AlertScopes);
        var digestHtml = Compile("digest.html", TemplateNames.DigestScopes);
        var digestText = Compile("digest.txt", TemplateNames.DigestScopes);
        var teamsText = Compile("teams.txt", TemplateNames.AlertScopes);
        if (problems.Count > 0)
        {
            throw new TemplateException(string.Join(Environment.NewLine, problems));
        }

        return new MessageTemplates(alertHtml!, alertText!, digestHtml!, digestText!, teamsText!);
    }

    private static void ReadFolder(string folder, Dictionary<string, (string File, string Source)> files, List<string> problems)
    {
        if (!Directory.Exists(folder))
        {
            problems.Add($"the template folder '{folder}' does not exist.");
            return;
        }

        foreach (var path in Directory.EnumerateFiles(folder).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(path);
            if (name.StartsWith('.'))
            {
                // An editor's swap file or a file manager's notes, not a template.
                continue;
            }

            var isPartial = name.StartsWith('_') && (name.EndsWith(".html", StringComparison.Ordinal) || name.EndsWith(".txt", StringComparison.Ordinal));
            if (!isPartial && !MessageFiles.Contains(name, StringComparer.Ordinal))
            {
                problems.Add($"{path}: not a template (the messages are {string.Join(", ", MessageFiles)}; a partial's name starts with _ and ends in .html or .txt).");
                continue;
            }

            try
            {
                files[name] = (path, Normalise(File.ReadAllText(path, new UTF8Encoding(false, throwOnInvalidBytes: true))));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or DecoderFallbackException)
            {
                problems.Add($"{path}: cannot be read as UTF-8: {e.Message}");
            }
        }
    }

    private static Dictionary<string, (string File, string Source)> BuiltinFiles()
    {
        var assembly = typeof(MessageTemplates).Assembly;
        var files = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (resource.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            {
                var name = resource[ResourcePrefix.Length..];
                files[name] = ("(built-in) " + name, Normalise(Read(assembly, resource)));
            }
        }

        return files;
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    /// <summary>A template saved with Windows line breaks renders the same as one with Unix ones, and a BOM is not text.</summary>
    private static string Normalise(string source) => source.Replace("\r\n", "\n", StringComparison.Ordinal).TrimStart('\uFEFF');
}
