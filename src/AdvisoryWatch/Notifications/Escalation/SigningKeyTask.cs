using System.Security.Cryptography;
using AdvisoryWatch.Data;
using AdvisoryWatch.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AdvisoryWatch.Notifications.Escalation;

/// <summary>Loads the configured key, or the one kept in the database, making it on first start.</summary>
internal sealed class SigningKeyTask(LinkSigner signer, IOptions<NotificationsOptions> options, TimeProvider time) : IStartupTask
{
    private const string Name = "link-signing-key";

    public int Order => 50;

    public async Task RunAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        if (options.Value.SigningKey is { Length: > 0 } configured)
        {
            signer.UseKey(Convert.FromBase64String(configured));
            return;
        }

        var db = services.GetRequiredService<AdvisoryWatchDbContext>();
        var stored = await db.Set<SharedSecret>().AsNoTracking().SingleOrDefaultAsync(s => s.Name == Name, cancellationToken);
        if (stored is null)
        {
            db.Add(new SharedSecret { Name = Name, Value = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), CreatedAtUtc = time.GetUtcNow() });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Another node starting at the same moment made it first: use theirs.
                db.ChangeTracker.Clear();
            }

            stored = await db.Set<SharedSecret>().AsNoTracking().SingleAsync(s => s.Name == Name, cancellationToken);
        }

        signer.UseKey(Convert.FromBase64String(stored.Value));
    }
}
