using AdvisoryWatch.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AdvisoryWatch.Topics.Pages;

/// <summary>
/// Starts re-applying the rules to every stored advisory in the background, and shows how far it
/// got. While it runs the page reloads itself every two seconds (a <c>Refresh</c> header, which
/// needs no script), unless the reader turns that off.
/// </summary>
[Authorize(Policy = AccessPolicies.Admin)]
public sealed class ReapplyModel(TopicReapplyRunner runner, TopicRules rules) : PageModel
{
    public ReapplyStatus? Status { get; private set; }

    public int RuleVersion => rules.Version;

    /// <summary>The reader turned the self-refresh off (WCAG 2.2.1: timing adjustable).</summary>
    [BindProperty(SupportsGet = true)]
    public bool Still { get; set; }

    public string? MessageKey { get; private set; }

    public void OnGet(string? done)
    {
        Status = runner.Status;
        MessageKey = done == "busy" ? "ReapplyBusy" : null;
        if (Status is { Running: true } && !Still)
        {
            Response.Headers["Refresh"] = "2";
        }
    }

    public IActionResult OnPost() =>
        LocalRedirect(runner.TryStart(Actor.From(User)!.Name) ? "/topics/reapply" : "/topics/reapply?done=busy");
}
