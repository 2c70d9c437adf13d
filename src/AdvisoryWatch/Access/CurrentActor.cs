using AdvisoryWatch.Hosting;

namespace AdvisoryWatch.Access;

/// <summary>
/// Who the work in this scope is done for, as the audit log names it: the signed-in user or API
/// key of a request, <c>cli:USER</c> for a command, <c>system</c> for the product's own jobs.
/// </summary>
public sealed class CurrentActor(IHttpContextAccessor http, HostSettings settings)
{
    public const string System = "system";

    public const string Anonymous = "anonymous";

    public string Name =>
        http.HttpContext is { } context
            ? Actor.From(context.User)?.Name ?? Anonymous
            : settings.ForCommand ? Actor.CommandLine().Name : System;
}
