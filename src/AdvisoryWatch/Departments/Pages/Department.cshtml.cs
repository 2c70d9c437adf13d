using System.Globalization;
using AdvisoryWatch.Access;
using AdvisoryWatch.Data;
using AdvisoryWatch.Notifications;
using AdvisoryWatch.Notifications.Digests;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace AdvisoryWatch.Departments.Pages;

/// <summary>
/// One department: its settings, recipients and subscriptions (a Coordinator of it, or an Admin,
/// changes them through <see cref="DepartmentEditor"/>, as the API does), the next digest as a
/// recipient will see it, and a test message. Another department's id is 404.
/// </summary>
[Authorize(Policy = AccessPolicies.Reader)]
public sealed class DepartmentModel(AdvisoryWatchDbContext db, DepartmentEditor editor, DigestPreview digests, TestMessageSender tests) : PageModel
{
    /// <summary>The days a weekly digest can go out on, Monday first.</summary>
    public static readonly IReadOnlyList<DayOfWeek> Days = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];

    public static IReadOnlyList<string> TimeZones { get; } = [.. TimeZoneInfo.GetSystemTimeZones().Select(z => z.Id).Where(id => id.Contains('/', StringComparison.Ordinal) || id == "UTC").Order(StringComparer.Ordinal)];

    public Department Department { get; private set; } = null!;

    public bool CanManage { get; private set; }

    /// <summary>What the last change came to (a key of <see cref="DepartmentsText"/>), after the redirect.</summary>
    [FromQuery(Name = "done")]
    public string? Done { get; set; }

    /// <summary>A test message's mail server reply, after the redirect.</summary>
    [FromQuery(Name = "reply")]
    public string? Reply { get; set; }

    /// <summary>Whose digest to preview.</summary>
    [FromQuery(Name = "preview")]
    public Guid? PreviewRecipient { get; set; }

    public DigestPreviewResult? Preview { get; private set; }

    /// <summary>Why the last change was refused, as the API says it.</summary>
    public IReadOnlyList<string> Problems { get; private set; } = [];

    public IEnumerable<Recipient> EmailMembers => DigestPreview.EmailMembers(Department);

    public static string DoneKey(string? done) => done switch
    {
        "settings" => "DoneSettings",
        "recipient-added" => "DoneRecipientAdded",
        "recipient-removed" => "DoneRecipientRemoved",
        "subscription-saved" => "DoneSubscriptionSaved",
        "subscription-removed" => "DoneSubscriptionRemoved",
        "test-sent" => "DoneTestSent",
        "test-failed" => "DoneTestFailed",
        "test-not-email" => "DoneTestNotEmail",
        _ => "",
    };

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        if (PreviewRecipient is { } recipient)
        {
            Preview = await digests.RenderAsync(Department, r => r.Id == recipient, emptyWhenNoDigest: false, ct);
        }

        return Page();
    }

    public Task<IActionResult> OnPostSettingsAsync(string id, string? language, string? timeZone, CancellationToken ct) =>
        ChangeAsync(id, "settings", actor => editor.SaveSettingsAsync(actor, id, new DepartmentSettingsInput(language, timeZone), ct), ct);

    public Task<IActionResult> OnPostAddRecipientAsync(string id, string? channel, string? address, string? secret, string? name, string? recipientLanguage, CancellationToken ct) =>
        ChangeAsync(id, "recipient-added", actor => editor.AddRecipientAsync(actor, id, new RecipientInput(channel, address, secret, name, recipientLanguage), ct), ct);

    public Task<IActionResult> OnPostRemoveRecipientAsync(string id, Guid recipientId, CancellationToken ct) =>
        ChangeAsync(id, "recipient-removed", actor => editor.RemoveRecipientAsync(actor, id, recipientId, ct), ct);

    public Task<IActionResult> OnPostSubscriptionAsync(
        string id, Guid? subscriptionId, string? sources, string? topics, string? minimumSeverity, string? cadence, string? day, string? at, bool urgentImmediately, CancellationToken ct)
    {
        var definition = new SubscriptionDefinition
        {
            Sources = SplitList(sources),
            Topics = SplitList(topics),
            MinimumSeverity = minimumSeverity ?? "",
            Cadence = cadence switch
            {
                "daily" => $"daily {at}",
                "weekly" => $"weekly {day} {at}",
                _ => cadence ?? "",
            },
            UrgentImmediately = urgentImmediately,
        };
        return ChangeAsync(id, "subscription-saved", actor => editor.SaveSubscriptionAsync(actor, id, subscriptionId, definition, ct), ct);
    }

    public Task<IActionResult> OnPostRemoveSubscriptionAsync(string id, Guid subscriptionId, CancellationToken ct) =>
        ChangeAsync(id, "subscription-removed", actor => editor.RemoveSubscriptionAsync(actor, id, subscriptionId, ct), ct);

    public async Task<IActionResult> OnPostTestAsync(string id, Guid recipientId, CancellationToken ct)
    {
        if (Guard(id) is { } refused)
        {
            return refused;
        }

        var outcome = await tests.SendAsync(Actor.From(User)!, id, recipientId, ct);
        return outcome.Status switch
        {
            TestMessageStatus.NotFound => NotFound(),
            TestMessageStatus.NotEmail => Redirect(id, "test-not-email"),
            TestMessageStatus.Sent => Redirect(id, "test-sent"),
            _ => Redirect(id, "test-failed", outcome.Reply is { Length: > 300 } r ? r[..300] : outcome.Reply),
        };
    }

    public static string CadenceTime(Subscription s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return s.DigestTime.ToString("HH:mm", CultureInfo.InvariantCulture);
    }

    private async Task<IActionResult> ChangeAsync(string id, string done, Func<Actor, Task<DepartmentEdit>> change, CancellationToken ct)
    {
        if (Guard(id) is { } refused)
        {
            return refused;
        }

        switch (await change(Actor.From(User)!))
        {
            case DepartmentEdit.Saved:
                return Redirect(id, done);
            case DepartmentEdit.Invalid invalid:
                Problems = invalid.Problems;
                await LoadAsync(id, ct);
                return Page();
            default:
                return NotFound();
        }
    }

    /// <summary>404 for a department the actor may not read; 403 for one they may read but not change.</summary>
    private IActionResult? Guard(string id)
    {
        var actor = Actor.From(User)!;
        return !actor.CanRead(id) ? NotFound() : !actor.CanManage(id) ? Forbid() : null;
    }

    private LocalRedirectResult Redirect(string id, string done, string? reply = null)
    {
        var query = new Dictionary<string, string?> { ["done"] = done };
        if (reply is not null)
        {
            query["reply"] = reply;
        }

        return LocalRedirect(QueryHelpers.AddQueryString("/departments/" + Uri.EscapeDataString(id), query));
    }

    private async Task<bool> LoadAsync(string id, CancellationToken ct)
    {
        var actor = Actor.From(User)!;
        var department = await db.Set<Department>().AsNoTracking().ReadableBy(actor, d => d.Id)
            .AsSplitQuery().Include(d => d.Recipients).Include(d => d.Subscriptions)
            .SingleOrDefaultAsync(d => d.Id == id, ct);
        if (department is null)
        {
            return false;
        }

        Department = department;
        CanManage = actor.CanManage(id);
        return true;
    }

    private static List<string> SplitList(string? text) =>
        [.. (text ?? "").Split([',', ';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}
