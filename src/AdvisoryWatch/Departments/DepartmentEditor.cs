using AdvisoryWatch.Access;
using AdvisoryWatch.Audit;
using AdvisoryWatch.Data;
using AdvisoryWatch.Sources;
using AdvisoryWatch.Topics;
using Microsoft.EntityFrameworkCore;

namespace AdvisoryWatch.Departments;

/// <summary>
/// A coordinator's changes to their own department (the API and the department page share them):
/// settings, recipients and subscriptions. Another department reads as absent, every input is
/// checked by the same rules as the YAML import, and every change is audited in its transaction.
/// A change made here makes the department admin-owned, so the shipped seeds no longer touch it;
/// an admin's later <c>departments import</c> that names it replaces it with the file.
/// </summary>
public sealed class DepartmentEditor(AdvisoryWatchDbContext db, WriteGate gate, AuditLog audit, TopicRules topics, TimeProvider time)
{
    public Task<DepartmentEdit> SaveSettingsAsync(Actor actor, string id, DepartmentSettingsInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        List<string> problems = [];
        if (input.Language is null || !DepartmentDefinition.Languages.Contains(input.Language))
        {
            problems.Add($"language '{input.Language}' is not nb, sv or en.");
        }

        if (input.TimeZone is null || !TimeZoneInfo.TryFindSystemTimeZoneById(input.TimeZone, out _))
        {
            problems.Add($"timeZone '{input.TimeZone}' is not a known time zone (use an IANA id such as Europe/Oslo).");
        }

        return ChangeAsync(actor, id, problems, "departments.settings-changed", department =>
        {
            department.Language = input.Language!;
            department.TimeZone = input.TimeZone!;
            return Task.FromResult<DepartmentEdit>(new DepartmentEdit.Saved(null));
        }, ct);
    }

    public Task<DepartmentEdit> AddRecipientAsync(Actor actor, string id, RecipientInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var definition = input.ToDefinition();
        var problems = definition is null ? ["channel is email, teams or webhook."] : definition.Problems().ToList();
        return ChangeAsync(actor, id, problems, "departments.recipient-added", department =>
        {
            var channel = definition!.ChosenChannel();
            var address = (definition.Address ?? definition.Teams ?? definition.Webhook)!.Trim();
            if (department.Recipients.Exists(r => r.Role == RecipientRole.Member && r.Channel == channel && string.Equals(r.Address, address, StringComparison.OrdinalIgnoreCase)))
            {
                return Task.FromResult<DepartmentEdit>(new DepartmentEdit.Invalid(["this recipient is already in the department."]));
            }

            var recipient = new Recipient
            {
                Id = Guid.CreateVersion7(time.GetUtcNow()),
                DepartmentId = department.Id,
                Role = RecipientRole.Member,
                Channel = channel,
                Address = address,
                Secret = definition.Secret,
                Name = definition.Name,
                Language = definition.Language,
            };
            department.Recipients.Add(recipient);
            return Task.FromResult<DepartmentEdit>(new DepartmentEdit.Saved(recipient.Id));
        }, ct);
    }

    public Task<DepartmentEdit> RemoveRecipientAsync(Actor actor, string id, Guid recipientId, CancellationToken ct) =>
        ChangeAsync(actor, id, [], "departments.recipient-removed", department =>
            Task.FromResult<DepartmentEdit>(department.Recipients.Find(r => r.Id == recipientId) is { } recipient && department.Recipients.Remove(recipient)
                ? new DepartmentEdit.Saved(recipientId)
                : new DepartmentEdit.NotFound()), ct);

    /// <summary>Adds a subscription (<paramref name="subscriptionId"/> null) or replaces one.</summary>
    public Task<DepartmentEdit> SaveSubscriptionAsync(Actor actor, string id, Guid? subscriptionId, SubscriptionDefinition input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        input.Sources = [.. input.Sources.Select(s => s.Trim()).Where(s => s.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase)];
        input.Topics = [.. input.Topics.Select(s => s.Trim()).Where(s => s.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase)];
        var problems = input.Problems().ToList();

        // The import only warns of an unknown topic (a rule may come later); a form can say it at once.
        var rules = topics.Current;
        problems.AddRange(input.Topics.Where(t => rules.Resolve(t) is null).Select(t => $"topic '{t}' is not in the topic rules."));
        return ChangeAsync(actor, id, problems, "departments.subscription-saved", async department =>
        {
            var known = await db.Set<Source>().Where(s => input.Sources.Contains(s.Id)).Select(s => s.Id).ToListAsync(ct);
            var unknown = input.Sources.Where(s => !known.Contains(s, StringComparer.OrdinalIgnoreCase)).Select(s => $"source '{s}' does not exist.").ToList();
            if (unknown.Count > 0)
            {
                return new DepartmentEdit.Invalid(unknown);
            }

            var fresh = input.ToEntity(department.Id);
            if (subscriptionId is { } existingId)
            {
                if (department.Subscriptions.Find(s => s.Id == existingId) is not { } row)
                {
                    return new DepartmentEdit.NotFound();
                }

                (row.Sources, row.Topics, row.MinimumSeverity, row.Cadence, row.At, row.Day, row.UrgentImmediately) =
                    (fresh.Sources, fresh.Topics, fresh.MinimumSeverity, fresh.Cadence, fresh.At, fresh.Day, fresh.UrgentImmediately);
                return new DepartmentEdit.Saved(row.Id);
            }

            department.Subscriptions.Add(fresh);
            return new DepartmentEdit.Saved(fresh.Id);
        }, ct);
    }

    public Task<DepartmentEdit> RemoveSubscriptionAsync(Actor actor, string id, Guid subscriptionId, CancellationToken ct) =>
        ChangeAsync(actor, id, [], "departments.subscription-removed", department =>
            Task.FromResult<DepartmentEdit>(department.Subscriptions.Find(s => s.Id == subscriptionId) is { } row && department.Subscriptions.Remove(row)
                ? new DepartmentEdit.Saved(subscriptionId)
                : new DepartmentEdit.NotFound()), ct);

    /// <summary>The department as the actor may manage it, tracked, with its recipients and subscriptions; null for any other.</summary>
    private Task<Department?> LoadAsync(Actor actor, string id, CancellationToken ct) =>
        actor.CanManage(id)
            ? db.Set<Department>().AsSplitQuery().Include(d => d.Recipients).Include(d => d.Subscriptions).SingleOrDefaultAsync(d => d.Id == id, ct)
            : Task.FromResult<Department?>(null);

    private async Task<DepartmentEdit> ChangeAsync(Actor actor, string id, List<string> problems, string action, Func<Department, Task<DepartmentEdit>> change, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(actor);
        using var write = await gate.EnterAsync(db, ct);
        if (await LoadAsync(actor, id, ct) is not { } department)
        {
            return new DepartmentEdit.NotFound();
        }

        if (problems.Count > 0)
        {
            return new DepartmentEdit.Invalid(problems);
        }

        var before = Describe(department);
        var outcome = await change(department);
        if (outcome is not DepartmentEdit.Saved)
        {
            return outcome;
        }

        department.AdminOwned = true;
        audit.Add(action, "department:" + department.Id, before, Describe(department));
        await db.SaveChangesAsync(ct);
        return outcome;
    }

    /// <summary>The import's short form, with what the forms change: time zone and each subscription.</summary>
    private static string Describe(Department department) =>
        $"{DepartmentImporter.Describe(department)}; timeZone: {department.TimeZone}; "
        + string.Join(" | ", department.Subscriptions.Select(s => SubscriptionDefinition.From(s)).Select(s =>
            $"{SubscriptionDefinition.FormatList(s.Sources)}/{SubscriptionDefinition.FormatList(s.Topics)} from {s.MinimumSeverity}, {s.Cadence}"));
}
