namespace AdvisoryWatch.Notifications.Rendering;

/// <summary><c>AdvisoryWatch:Rendering:*</c>: where the message templates come from.</summary>
public sealed class RenderingOptions
{
    public const string Section = "AdvisoryWatch:Rendering";

    /// <summary>
    /// A folder of templates that replace the built-in ones of the same name (any subset; see
    /// docs/mail.md). Empty: the built-in templates. Checked at start-up.
    /// </summary>
    public string? TemplateFolder { get; set; }

    /// <summary>The folder as an absolute path, or null for the built-in templates.</summary>
    public string? TemplateFolderFullPath => string.IsNullOrWhiteSpace(TemplateFolder) ? null : Path.GetFullPath(TemplateFolder);
}
