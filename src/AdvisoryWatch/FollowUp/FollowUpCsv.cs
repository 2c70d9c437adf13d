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
