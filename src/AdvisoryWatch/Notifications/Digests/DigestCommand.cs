using System.CommandLine;
using AdvisoryWatch.Data;
using AdvisoryWatch.Departments;
using AdvisoryWatch.Hosting;
using AdvisoryWatch.Notifications.Sending;
using Microsoft.EntityFrameworkCore;

namespace AdvisoryWatch.Notifications.Digests;

/// <summary><c>advisorywatch digest preview DEPARTMENT [--recipient ADDRESS] [--html FILE]</c>.</summary>
public static class DigestCommand
{
    public static Command Create()
    {
        var command = new Command("digest", "Digests: see what the next one will say");
        command.Subcommands.Add(Preview());
        return command;
    }

    private static Command Preview()
    {
        var department = new Argument<string>("department") { Description = "The department id, e.g. oslo-finans" };
        var recipient = new Option<string?>("--recipient") { Description = "Whose digest (default: the department's first email recipient)" };
        var html = new Option<FileInfo?>("--html") { Description = "Also write the HTML alternative to this file" };
        var command = CliHost.NewCommand("preview", "Render the department's next digest as it stands now, without sending or changing anything");
        command.Arguments.Add(department);
        command.Options.Add(recipient);
        command.Options.Add(html);
        command.SetAction((parse, ct) => CliHost.WithServicesAsync(parse, async (services, output, error) =>
        {
            var db = services.GetRequiredService<AdvisoryWatchDbContext>();
            var id = parse.GetRequiredValue(department);
            var dept = await db.Set<Department>().AsNoTracking().AsSplitQuery().Include(d => d.Recipients).Include(d => d.Subscriptions).SingleOrDefaultAsync(d => d.Id == id, ct);
            if (dept is null)
            {
                await error.WriteLineAsync($"No department with id '{id}'.");
                return 1;
            }

            var address = parse.GetValue(recipient);
            var who = dept.Recipients
                .Where(r => r.Role == RecipientRole.Member && r.Channel == RecipientChannel.Email)
                .OrderBy(r => r.Address, StringComparer.Ordinal)
                .FirstOrDefault(r => address is null || string.Equals(r.Address, address, StringComparison.OrdinalIgnoreCase));
            if (who is null)
            {
                await error.WriteLineAsync(address is null ? $"{id} has no email recipient." : $"{address} is not an email recipient of {id}.");
                return 1;
            }

            var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
            var queued = await db.Set<Delivery>().AsNoTracking()
                .Where(d => d.RecipientId == who.Id && d.State == DeliveryState.Queued && d.DigestId == null)
                .OrderBy(d => d.DueAtUtc).ThenBy(d => d.CreatedAtUtc)
                .ToListAsync(ct);
            var composer = services.GetRequiredService<MessageComposer>();
            var audience = new Audience(who, dept);
            var nextDigest = CadenceClock.NextDigest(dept.Subscriptions, audience.Zone, now);
            if (queued.Count == 0 && nextDigest is null)
            {
                // Rendering one would show an empty digest "due now" that will never be sent.
                await error.WriteLineAsync(dept.Subscriptions.Count == 0
                    ? $"{id} has no subscriptions, so it gets no digest."
                    : $"{id} has no digest subscriptions: every subscription is immediate, so each change is mailed on its own and no digest is sent.");
                return 1;
            }

            var periodEnd = queued.Count > 0 ? queued[0].DueAtUtc!.Value : nextDigest!.Value;
            var items = queued.Where(d => d.DueAtUtc == periodEnd).ToList();
            var periodStart = await DigestBuilder.PeriodStartAsync(db, who.Id, periodEnd, ct);
            var facts = await composer.LoadChangesAsync(items.Select(d => d.ChangeId), ct);
            var draft = new Digest { Id = Guid.Empty, DepartmentId = dept.Id, RecipientId = who.Id, Address = who.Address, PeriodStartUtc = periodStart, PeriodEndUtc = periodEnd, ItemCount = items.Count };
            var followUps = await composer.LoadFollowUpsAsync([dept.Id], ct);
            var message = composer.Render(composer.DigestOf(draft, items.Where(d => facts.ContainsKey(d.ChangeId)).Select(d => (d, facts[d.ChangeId])), audience, followUps[dept.Id]));

            await output.WriteLineAsync($"To: {who.Address}");
            await output.WriteLineAsync($"Due: {periodEnd:yyyy-MM-dd HH:mm} UTC ({items.Count} item{(items.Count == 1 ? "" : "s")} so far)");
            await output.WriteLineAsync($"Subject: {message.Subject}");
            await output.WriteLineAsync();
            await output.WriteAsync(message.TextBody);
            if (parse.GetValue(html) is { } file)
            {
                await File.WriteAllTextAsync(file.FullName, message.HtmlBody, ct);
                await output.WriteLineAsync();
                await output.WriteLineAsync($"HTML written to {file.Name}");
            }

            return 0;
        }, ct));
        return command;
    }
}
