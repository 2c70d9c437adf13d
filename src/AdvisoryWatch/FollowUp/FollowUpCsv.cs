using System.Globalization;
using System.Text;

namespace AdvisoryWatch.FollowUp;

/// <summary>
/// Follow-ups as RFC 4180 CSV for a spreadsheet: CRLF lines, a field quoted when it holds a comma,
/// quote, CR or LF, quotes doubled. A cell that a spreadsheet would take for a formula (starting
/// with = + - @, tab or CR) gets a leading apostrophe: titles come from hostile feeds and notes
/// from anyone with a Coordinator's key, and neither may run in the reader's spreadsheet.
/// </summary>
public static class FollowUpCsv
{
    public static readonly string[] Columns =
        ["advisory_id", "advisory_title", "advisory_url", "source", "department", "state", "owner", "due_date", "note", "app", "updated_at_utc", "updated_by"];

    public const string ContentType = "text/csv; charset=utf-8; header=present";

    /// <summary>The file: UTF-8 with a byte-order mark, so a spreadsheet reads å, ø and ä as themselves.</summary>
    public static byte[] Bytes(IEnumerable<AssessmentView> rows) => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(Write(rows))];

    /// <summary>The file's name: the department's id when it is a plain slug, else <c>all</c>.</summary>
    public static string FileName(string? department) =>
        $"follow-up-{(department is { Length: > 0 } d && d.All(c => char.IsAsciiLetterOrDigit(c) || c == '-') ? d : "all")}.csv";

    public static string Write(IEnumerable<AssessmentView> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var csv = new StringBuilder();
        Line(csv, Columns);
        foreach (var r in rows)
        {
            Line(csv, [
                r.AdvisoryId.ToString(),
                r.AdvisoryTitle,
                r.AdvisoryUrl,
                r.SourceId,
                r.DepartmentId,
                r.State,
                r.Owner,
                r.DueDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                r.Note,
                r.AppId,
                r.UpdatedAtUtc.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                r.UpdatedBy,
            ]);
        }

        return csv.ToString();
    }

    /// <summary>One cell, neutralised and quoted as needed.</summary>
    public static string Cell(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    private static void Line(StringBuilder csv, string?[] cells)
    {
        for (var i = 0; i < cells.Length; i++)
        {
            if (i > 0)
            {
                csv.Append(',');
            }

            csv.Append(Cell(cells[i]));
        }

        csv.Append("\r\n");
    }
}
