using AdvisoryWatch.Access.ApiKeys;
using AdvisoryWatch.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AdvisoryWatch.Access.Admin.Pages;

/// <summary>
/// API keys through <see cref="ApiKeyIssuer"/>, as <c>apikeys create | list | revoke</c> (audited
/// the same way). A new key is shown in the answer to the POST only: the database keeps its hash,
/// so no later page can show it again.
/// </summary>
[Authorize(Policy = AccessPolicies.Admin)]
public sealed class KeysModel(ApiKeyIssuer issuer, AdvisoryWatchDbContext db) : PageModel
{
    [BindProperty]
    public string Name { get; set; } = "";

    [BindProperty]
    public string? Role { get; set; } = nameof(AccessRole.Reader);

    [BindProperty]
    public List<string> Departments { get; set; } = [];

    /// <summary>The last day of use (the key works through the end of that day, UTC).</summary>
    [BindProperty]
    public string? Expires { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Done { get; set; }

    public string? DoneKey => AdminForm.DoneKey(Done);

    public IReadOnlyList<ApiKey> Keys { get; private set; } = [];

    public IReadOnlyList<(string Id, string Name)> AllDepartments { get; private set; } = [];

    /// <summary>Why no key was made, as <see cref="AdminText"/> keys with their arguments.</summary>
    public IReadOnlyList<(string Key, string Argument)> Problems { get; private set; } = [];

    /// <summary>The new key, in this answer only.</summary>
    public string? Secret { get; private set; }

    public string? CreatedName { get; private set; }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostCreateAsync()
    {
        var problems = new List<(string, string)>();
        var role = AdminForm.ParseRole(Role);
        if (role is null)
        {
            problems.Add(("UnknownRole", Role ?? ""));
        }

        DateTimeOffset? expires = null;
        if (!string.IsNullOrWhiteSpace(Expires))
        {
            expires = ApiKeysCommand.ParseExpiry(Expires.Trim());
            if (expires is null)
            {
                problems.Add(("KeyExpiresShape", Expires));
            }
        }

        if (problems.Count == 0)
        {
            var request = new ApiKeyRequest(Name.Trim(), role!.Value, Departments, expires);
            switch (await issuer.CreateAsync(request, Actor.From(User)!, HttpContext.RequestAborted))
            {
                case ApiKeyIssueResult.Created created:
                    Response.Headers.CacheControl = "no-store";
                    ModelState.Clear();
                    Secret = created.Secret;
                    CreatedName = created.Key.Name;
                    Name = "";
                    Departments = [];
                    Expires = null;
                    break;
                case ApiKeyIssueResult.Refused refused:
                    problems.AddRange(refused.Problems.Select(p => (p.Key, p.Argument)));
                    break;
            }
        }

        Problems = problems;
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(string name)
    {
        var result = await issuer.RevokeAsync(name ?? "", Actor.From(User)!, HttpContext.RequestAborted);
        return result == ApiKeyRevokeResult.NotFound ? NotFound() : LocalRedirect("/admin/keys?done=revoked");
    }

    private async Task LoadAsync()
    {
        Keys = await issuer.ListAsync(HttpContext.RequestAborted);
        AllDepartments = await AdminForm.DepartmentsAsync(db, HttpContext.RequestAborted);
    }
}
