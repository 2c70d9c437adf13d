using System.Globalization;
using System.Security.Claims;
using AdvisoryWatch.Access;
using AdvisoryWatch.Access.Accounts;
using AdvisoryWatch.Data;
using AdvisoryWatch.Departments;
using AdvisoryWatch.Notifications;
using AdvisoryWatch.Topics;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AdvisoryWatch.Feeds.Pages;

/// <summary>A choice in the form: an id and the name shown for it.</summary>
public sealed record FeedTarget(string Id, string Name);

/// <summary>
/// The signed-in person's Atom feed links: make one for a department of theirs or a topic, see
/// when each was last used, revoke one. A new link is shown once, in the answer to the POST that
/// made it (only its hash is kept, so it cannot be shown again after a redirect).
/// </summary>
[Authorize(Policy = AccessPolicies.Reader)]
public sealed class IndexModel(FeedTokens tokens, UserManager<Account> users, AdvisoryWatchDbContext db, TopicRules rules, IOptions<NotificationsOptions> links) : PageModel
{
    [BindProperty]
    public FeedKind Kind { get; set; }

    [BindProperty]
    public string? Department { get; set; }

    [BindProperty]
    public string? Topic { get; set; }

    public IReadOnlyList<FeedToken> Tokens { get; private set; } = [];

    public IReadOnlyList<FeedTarget> Departments { get; private set; } = [];

    public IReadOnlyList<FeedTarget> Topics { get; private set; } = [];

    /// <summary>The address of the link just made; shown this once.</summary>
    public Uri? NewFeed { get; private set; }

    public string? MessageKey { get; private set; }

    public string? ErrorKey { get; private set; }

    /// <summary>False for a principal without a stored account (an API key): feed tokens hang on an account.</summary>
    public bool HasAccount { get; private set; }

    public async Task OnGetAsync(string? done, CancellationToken cancellationToken)
    {
        MessageKey = done switch
        {
            "revoked" => "Revoked",
            "not-found" => "NotFound",
            _ => null,
        };
        await LoadAsync(await AccountIdAsync(), cancellationToken);
    }

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken cancellationToken)
    {
        var actor = Actor.From(User)!;
        var accountId = await AccountIdAsync();
        await LoadAsync(accountId, cancellationToken);
        var target = Kind switch
        {
            FeedKind.Department => Departments.FirstOrDefault(d => d.Id == Department)?.Id,
            FeedKind.Topic => Topics.FirstOrDefault(t => t.Id == Topic)?.Id,
            _ => null,
        };
        if (accountId is null || target is null)
        {
            // Another department's id reads as unknown: nothing is made.
            ErrorKey = Kind == FeedKind.Topic ? "ChooseTopic" : "ChooseDepartment";
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var secret = await tokens.CreateAsync(accountId, actor, Kind, target, cancellationToken);
        NewFeed = FeedsFeature.Address(links.Value, secret, Kind, target);
        Tokens = await tokens.ListAsync(accountId, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid id, CancellationToken cancellationToken)
    {
        var accountId = await AccountIdAsync();
        var revoked = accountId is not null && await tokens.RevokeAsync(accountId, id, Actor.From(User)!, cancellationToken);
        return LocalRedirect(revoked ? "/account/feeds?done=revoked" : "/account/feeds?done=not-found");
    }

    /// <summary>What a token's feed is, by name.</summary>
    public string TargetName(FeedToken token) =>
        token.Kind == FeedKind.Topic
            ? rules.DisplayName(token.Target, Language)
            : Departments.FirstOrDefault(d => d.Id == token.Target)?.Name ?? token.Target;

    private static string Language => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;

    private async Task<string?> AccountIdAsync() =>
        User.FindFirstValue(ClaimTypes.Email) is { } email && await users.FindByEmailAsync(email) is { } account ? account.Id : null;

    private async Task LoadAsync(string? accountId, CancellationToken cancellationToken)
    {
        HasAccount = accountId is not null;
        var actor = Actor.From(User)!;
        var departments = await db.Set<Department>().AsNoTracking().ReadableBy(actor, d => d.Id)
            .OrderBy(d => d.Name).Select(d => new FeedTarget(d.Id, d.Name)).ToListAsync(cancellationToken);
        Departments = departments;
        Topics = [.. rules.Current.Topics.Select(t => new FeedTarget(t.Id, rules.DisplayName(t.Id, Language))).OrderBy(t => t.Name, StringComparer.CurrentCulture)];
        Tokens = accountId is null ? [] : await tokens.ListAsync(accountId, cancellationToken);
    }
}
