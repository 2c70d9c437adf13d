using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AdvisoryWatch.Access;
using AdvisoryWatch.Changes;

namespace AdvisoryWatch.IntegrationTests.FollowUp;

/// <summary>
/// A department's follow-up of advisories through <c>/api/v1/assessments</c> with the role clients:
/// scoped to the caller's departments, every change kept with who and when, exported as CSV that
/// no spreadsheet runs as a formula.
/// </summary>
public sealed class AssessmentsApiTests
{
    private const string Mine = "oslo-finans";
    private const string Theirs = "oslo-helse";

    [Fact]
    public async Task A_coordinator_records_and_changes_a_follow_up_with_its_history_and_a_coordinator_of_another_department_gets_404_and_changes_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = TestEnvironment.Create();
        await using var app = await env.StartAsync();
        var advisory = await AddAdvisoryAsync(app, "Råd om meldingsapper");
        using var coordinator = await app.ClientAsync(AccessRole.Coordinator, Mine);
        using var other = await app.ClientAsync(AccessRole.Coordinator, Theirs);
        using var reader = await app.ClientAsync(AccessRole.Reader, Mine);
        var coordinatorName = (await coordinator.GetFromJsonAsync<JsonElement>("/api/v1/me", ct)).GetProperty("name").GetString();

        var created = await coordinator.PutAsJsonAsync($"/api/v1/assessments/{advisory}/{Mine}", new { state = "to-assess", owner = "Kari", note = "Se på dette" }, ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetGuid();
        var changed = await coordinator.PutAsJsonAsync($"/api/v1/assessments/{advisory}/{Mine}", new { state = "action-needed", owner = "Kari", note = "Slett appen", dueDate = "2026-12-24" }, ct);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);

        // Another department's coordinator: not there, whether changing, reading or listing.
        Assert.Equal(HttpStatusCode.NotFound, (await other.PutAsJsonAsync($"/api/v1/assessments/{advisory}/{Mine}", new { state = "done" }, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(new Uri($"/api/v1/assessments/{id}", UriKind.Relative), ct)).StatusCode);
        Assert.Empty((await other.GetFromJsonAsync<JsonElement>($"/api/v1/assessments?department={Mine}", ct)).EnumerateArray());
        Assert.Empty((await other.GetFromJsonAsync<JsonElement>("/api/v1/assessments?all=true", ct)).EnumerateArray());
        Assert.DoesNotContain(advisory.ToString(), await other.GetStringAsync(new Uri($"/api/v1/assessments.csv?department={Mine}", UriKind.Relative), ct), StringComparison.Ordinal);

        // A reader of the department reads it but may not change it.
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PutAsJsonAsync($"/api/v1/assessments/{advisory}/{Mine}", new { state = "done" }, ct)).StatusCode);
        var listed = Assert.Single((await reader.GetFromJsonAsync<JsonElement>("/api/v1/assessments", ct)).EnumerateArray());
        Assert.Equal("action-needed", listed.GetProperty("state").GetString());

        var one = await app.Http.GetFromJsonAsync<JsonElement>($"/api/v1/assessments/{id}", ct);
        Assert.Equal("action-needed", one.GetProperty("state").GetString());
        Assert.Equal("2026-12-24", one.GetProperty("dueDate").GetString());
        var history = one.GetProperty("history").EnumerateArray().ToList();
        Assert.Equal(["to-assess", "action-needed"], history.Select(h => h.GetProperty("state").GetString()));
        Assert.All(history, h => Assert.Equal(coordinatorName, h.GetProperty("changedBy").GetString()));
        Assert.Equal("Se på dette", history[0].GetProperty("note").GetString());

        var audit = await app.Http.GetFromJsonAsync<JsonElement>("/api/v1/audit?action=follow-up.assessed", ct);
        Assert.Equal(2, audit.GetProperty("total").GetInt32());
        Assert.All(audit.GetProperty("items").EnumerateArray(), e => Assert.Equal(coordinatorName, e.GetProperty("actor").GetString()));

        // Done is closed: off the open list, still in the full one.
        Assert.Equal(HttpStatusCode.OK, (await coordinator.PutAsJsonAsync($"/api/v1/assessments/{advisory}/{Mine}", new { state = "done" }, ct)).StatusCode);
        Assert.Empty((await coordinator.GetFromJsonAsync<JsonElement>("/api/v1/assessments", ct)).EnumerateArray());
        Assert.Single((await coordinator.GetFromJsonAsync<JsonElement>("/api/v1/assessments?all=true", ct)).EnumerateArray());

        var bad = await coordinator.PutAsJsonAsync($"/api/v1/assessments/{advisory}/{Mine}", new { state = "maybe" }, ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await coordinator.PutAsJsonAsync($"/api/v1/assessments/{Guid.NewGuid()}/{Mine}", new { state = "done" }, ct)).StatusCode);
    }

    [Fact]
    public async Task The_csv_export_quotes_by_rfc_4180_and_no_cell_starts_a_formula()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var env = TestEnvironment.Create();
        await using var app = await env.StartAsync();
        var advisory = await AddAdvisoryAsync(app, "=HYPERLINK(\"http://evil.example\",\"Klikk\"), og mer");
        var put = await app.Http.PutAsJsonAsync($"/api/v1/assessments/{advisory}/{Mine}", new { state = "action-needed", owner = "@kari", note = "-1+1\r\nandre linje, med \"sitat\"" }, ct);
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);

        using var response = await app.Http.GetAsync(new Uri($"/api/v1/assessments.csv?department={Mine}", UriKind.Relative), ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync(ct);
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var csv = System.Text.Encoding.UTF8.GetString(bytes[3..]);

        var rows = ParseCsv(csv);
        Assert.Equal(2, rows.Count);
        Assert.Equal("advisory_id,advisory_title,advisory_url,source,department,state,owner,due_date,note,app,updated_at_utc,updated_by", csv[..csv.IndexOf("\r\n", StringComparison.Ordinal)]);
        var row = rows[1];
        Assert.Equal("'=HYPERLINK(\"http://evil.example\",\"Klikk\"), og mer", row[1]);
        Assert.Equal("'@kari", row[6]);
        Assert.Equal("'-1+1\r\nandre linje, med \"sitat\"", row[8]);
        Assert.Contains("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"Klikk\"\"), og mer\"", csv, StringComparison.Ordinal);
        Assert.EndsWith("\r\n", csv, StringComparison.Ordinal);
        Assert.All(rows.SelectMany(r => r), cell => Assert.False(cell.Length > 0 && cell[0] is '=' or '+' or '-' or '@', cell));
    }

    internal static Task<Guid> AddAdvisoryAsync(RunningApp app, string title) =>
        app.WithDbAsync(async db =>
        {
            var now = TimeProvider.System.GetUtcNow();
            var advisory = new Advisory
            {
                Id = Guid.CreateVersion7(),
                SourceId = "nsm-all",
                ItemKey = Guid.NewGuid().ToString("N"),
                Title = title,
                Url = "https://nsm.example/rad",
                Language = "nb",
                ContentHash = Guid.NewGuid().ToString("N"),
                FirstSeenAtUtc = now,
                LastChangedAtUtc = now,
            };
            db.Add(advisory);
            await db.SaveChangesAsync();
            return advisory.Id;
        });

    /// <summary>A strict RFC 4180 reader: quoted fields may hold commas, quotes (doubled) and line breaks.</summary>
    private static List<List<string>> ParseCsv(string text)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var cell = new System.Text.StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '"' && cell.Length == 0)
            {
                i++;
                while (true)
                {
                    if (text[i] == '"' && i + 1 < text.Length && text[i + 1] == '"')
                    {
                        cell.Append('"');
                        i += 2;
                    }
                    else if (text[i] == '"')
                    {
                        i++;
                        break;
                    }
                    else
                    {
                        cell.Append(text[i++]);
                    }
                }
            }
            else if (text[i] == ',')
            {
                row.Add(cell.ToString());
                cell.Clear();
                i++;
            }
            else if (text[i] == '\r' && text[i + 1] == '\n')
            {
                row.Add(cell.ToString());
                cell.Clear();
                rows.Add(row);
                row = [];
                i += 2;
            }
            else
            {
                Assert.NotEqual('"', text[i]);
                Assert.NotEqual('\n', text[i]);
                cell.Append(text[i++]);
            }
        }

        Assert.Empty(row);
        return rows;
    }
}
