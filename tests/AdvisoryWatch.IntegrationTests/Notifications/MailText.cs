namespace AdvisoryWatch.IntegrationTests.Notifications;

internal static class MailText
{
    /// <summary>The top-level header lines of a message, folded lines joined.</summary>
    public static List<string> TopHeaders(string eml)
    {
        var lines = new List<string>();
        foreach (var line in eml.ReplaceLineEndings("\n").Split("\n\n", 2)[0].Split('\n'))
        {
            if (line.Length > 0 && line[0] is ' ' or '\t' && lines.Count > 0)
            {
                lines[^1] += line;
            }
            else
            {
                lines.Add(line);
            }
        }

        return lines;
    }
}
