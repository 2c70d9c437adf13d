using AdvisoryWatch.Audit;
using AdvisoryWatch.Data;
using Microsoft.EntityFrameworkCore;

namespace AdvisoryWatch.Sources;

/// <summary>What an admin's answer to a redirect notice did.</summary>
public enum RedirectAnswer
{
    /// <summary>No such source.</summary>
    NotFound,

    /// <summary>The source has no redirect notice (any more): nothing changed.</summary>
    NoNotice,

    /// <summary>The source now reads the address it was redirected to.</summary>
    Accepted,

    /// <summary>The notice is hidden until the source redirects elsewhere.</summary>
    Dismissed,
}

/// <summary>
/// An admin's answer to a source's permanent redirect: polling records a 301/308 and never follows
/// it on its own (a hijacked site must not move a source); accepting adopts the new address,
/// dismissing hides the notice. Both are audited; an accepted address makes the source admin-owned.
/// </summary>
public static class SourceRedirects
{
    /// <param name="expected">The redirect the admin saw; a notice that changed since answers <see cref="RedirectAnswer.NoNotice"/>.</param>
    public static async Task<RedirectAnswer> AnswerAsync(AdvisoryWatchDbContext db, WriteGate gate, AuditLog audit, TimeProvider time, string sourceId, string expected, bool accept, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(gate);
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentNullException.ThrowIfNull(time);
        using (await gate.EnterAsync(db, cancellationToken))
        {
            var source = await db.Set<Source>().SingleOrDefaultAsync(s => s.Id == sourceId, cancellationToken);
            if (source is null)
            {
                return RedirectAnswer.NotFound;
            }

            if (!source.HasRedirectNotice || source.PermanentRedirectTo != expected)
            {
                return RedirectAnswer.NoNotice;
            }

            var target = "source:" + sourceId;
            if (accept)
            {
                audit.Add("sources.redirect-accepted", target, source.Url, expected);
                source.Url = expected;
                source.PermanentRedirectTo = null;
                source.DismissedRedirectTo = null;
                source.SeedHash = null;
            }
            else
            {
                audit.Add("sources.redirect-dismissed", target, source.Url, expected);
                source.DismissedRedirectTo = expected;
            }

            source.UpdatedAtUtc = time.GetUtcNow();
            await db.SaveChangesAsync(cancellationToken);
            return accept ? RedirectAnswer.Accepted : RedirectAnswer.Dismissed;
        }
    }
}
