namespace AdvisoryWatch.Sources;

/// <summary>
/// What a source's items are, so that an alert names them as the authority does: a CERT's
/// warning is not "guidance", and a ministry's press release is news.
/// </summary>
public enum ItemKind
{
    /// <summary>News and press releases: the default for a feed or an HTML list.</summary>
    News,

    /// <summary>A warning to act on (NSM NCSC's varsler, a CERT's flash messages).</summary>
    Warning,

    /// <summary>A security advisory (vulnerabilities, patches).</summary>
    Advisory,

    /// <summary>Guidance and recommendations.</summary>
    Guidance,

    /// <summary>A watched page: the default for a page source.</summary>
    Page,
}
