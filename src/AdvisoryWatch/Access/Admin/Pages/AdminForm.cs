using AdvisoryWatch.Data;
using AdvisoryWatch.Departments;
using Microsoft.EntityFrameworkCore;

namespace AdvisoryWatch.Access.Admin.Pages;

/// <summary>What the administration forms share: the role choice, the departments to pick from, the status after a change.</summary>
internal static class AdminForm
{
    /// <summary>The results a page may announce after a redirect (<c>?done=</c>), each a text <c>Done_X</c>.</summary>
    private static readonly HashSet<string> Results = new(StringComparer.Ordinal) { "saved", "disabled", "enabled", "revoked" };

    /// <summary>A role by its name; numbers and unknown names are no role.</summary>
    public static AccessRole? ParseRole(string? text) =>
        Enum.TryParse<AccessRole>(text, ignoreCase: false, out var role) && Enum.IsDefined(role) && !int.TryParse(text, out _) ? role : null;

    /// <summary>The text key announcing <paramref name="done"/>, or null for none (or an unknown value).</summary>
    public static string? DoneKey(string? done) => done is not null && Results.Contains(done) ? "Done_" + done : null;

    public static async Task<IReadOnlyList<(string Id, string Name)>> DepartmentsAsync(AdvisoryWatchDbContext db, CancellationToken ct) =>
        [.. (await db.Set<Department>().AsNoTracking().OrderBy(d => d.Id).Select(d => new { d.Id, d.Name }).ToListAsync(ct)).Select(d => (d.Id, d.Name))];
}
