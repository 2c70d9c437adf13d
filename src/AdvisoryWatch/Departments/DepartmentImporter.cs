using AdvisoryWatch.Audit;
using AdvisoryWatch.Data;
using Microsoft.EntityFrameworkCore;

namespace AdvisoryWatch.Departments;

public sealed record DepartmentImportReport(IReadOnlyList<string> Added, IReadOnlyList<string> Updated, IReadOnlyList<string> Kept);

/// <summary>
/// Adds or updates departments from definitions. Recipients are matched by channel and address, so
/// a recipient's id (which its unsubscribe link signs) and its unsubscription survive a re-import.
/// </summary>
public sealed class DepartmentImporter(AdvisoryWatchDbContext db, WriteGate gate, AuditLog audit, TimeProvider time)
{
    /// <summary>The shipped example: adds what is missing, never touches what an admin imported.</summary>
    public Task<DepartmentImportReport> ImportSeedsAsync(IReadOnlyList<DepartmentDefinition> definitions, CancellationToken cancellationToken) =>
        ImportAsync(definitions, admin: false, cancellationToken);

    /// <summary>An admin's import: what it names is updated and becomes admin-owned.</summary>
    public Task<DepartmentImportReport> ImportAsAdminAsync(IReadOnlyList<DepartmentDefinition> definitions, CancellationToken cancellationToken) =>
        ImportAsync(definitions, admin: true, cancellationToken);

    private async Task<DepartmentImportReport> ImportAsync(IReadOnlyList<DepartmentDefinition> definitions, bool admin, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(definitions);
        using var write = await gate.EnterAsync(db, ct);
        var ids = definitions.Select(d => d.Id).ToList();
        var existing = await db.Set<Department>()
            .AsSplitQuery()
            .Include(d => d.Recipients)
            .Include(d => d.Subscriptions)
            .Where(d => ids.Contains(d.Id))
            .ToDictionaryAsync(d => d.Id, StringComparer.Ordinal, ct);
        List<string> added = [], updated = [], kept = [];
        foreach (var definition in definitions)
        {
            if (!existing.TryGetValue(definition.Id, out var row))
            {
                row = new Department { Id = definition.Id, Name = definition.Name };
                db.Add(row);
                Apply(definition, row);
                added.Add(definition.Id);
                audit.Add("departments.added", "department:" + definition.Id, after: Describe(row));
            }
            else if (!admin && row.AdminOwned)
            {
                kept.Add(definition.Id);
                continue;
            }
            else
            {
                var before = Describe(row);
                Apply(definition, row);
                updated.Add(definition.Id);
                audit.Add("departments.updated", "department:" + definition.Id, before, Describe(row));
            }

            row.AdminOwned |= admin;
        }

        await db.SaveChangesAsync(ct);
        return new DepartmentImportReport(added, updated, kept);
    }

    /// <summary>The short form the audit log keeps: who is told (addresses of members, never webhook URLs) and what they follow.</summary>
    internal static string Describe(Department row) =>
        $"{row.Name} ({row.Language}); recipients: {string.Join(", ", row.Recipients.Where(r => r.Channel == RecipientChannel.Email).Select(r => r.Address).Order(StringComparer.Ordinal))}"
        + $"{(row.Recipients.Any(r => r.Channel != RecipientChannel.Email) ? " + webhooks" : "")}; subscriptions: {row.Subscriptions.Count}";

    private void Apply(DepartmentDefinition definition, Department row)
    {
        row.Name = definition.Name;
        row.Language = definition.Language;
        row.TimeZone = definition.TimeZone;
        row.EscalateAfter = definition.EscalateAfter is { } e ? DepartmentDefinition.ParseDuration(e) : null;

        var wanted = definition.Recipients
            .Select(r => (Role: RecipientRole.Member, Channel: r.ChosenChannel(), Address: (r.Address ?? r.Teams ?? r.Webhook)!.Trim(), Definition: (RecipientDefinition?)r))
            .ToList();
        if (definition.Coordinator is { } coordinator)
        {
            wanted.Add((RecipientRole.Coordinator, RecipientChannel.Email, coordinator.Trim(), null));
        }

        foreach (var stale in row.Recipients.Where(r => !wanted.Exists(w => Same(r, w.Role, w.Channel, w.Address))).ToList())
        {
            row.Recipients.Remove(stale);
        }

        foreach (var w in wanted)
        {
            var recipient = row.Recipients.Find(r => Same(r, w.Role, w.Channel, w.Address));
            if (recipient is null)
            {
                recipient = new Recipient { Id = Guid.CreateVersion7(time.GetUtcNow()), DepartmentId = row.Id, Role = w.Role, Channel = w.Channel, Address = w.Address };
                row.Recipients.Add(recipient);
            }

            recipient.Name = w.Definition?.Name;
            recipient.Language = w.Definition?.Language;
            recipient.TimeZone = w.Definition?.TimeZone;
            recipient.Secret = w.Definition?.Secret;
        }

        // Subscriptions have no identity outside their department: replace them whole.
        row.Subscriptions.Clear();
        row.Subscriptions.AddRange(definition.Subscriptions.Select(s => s.ToEntity(row.Id)));
    }

    private static bool Same(Recipient r, RecipientRole role, RecipientChannel channel, string address) =>
        r.Role == role && r.Channel == channel && string.Equals(r.Address, address, StringComparison.OrdinalIgnoreCase);
}
