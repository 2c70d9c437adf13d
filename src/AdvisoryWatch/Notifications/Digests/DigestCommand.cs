using System.CommandLine;
using AdvisoryWatch.Data;
using AdvisoryWatch.Departments;
using AdvisoryWatch.Hosting;
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
            var preview = await services.GetRequiredService<DigestPreview>().RenderAsync(
                dept, address is null ? null : r => string.Equals(r.Address, address, StringComparison.OrdinalIgnoreCase), emptyWhenNoDigest: false, ct);
            if (preview.Problem is { } problem)
            {
                await error.WriteLineAsync(problem switch
                {
                    DigestPreviewProblem.NoRecipient => address is null ? $"{id} has no email recipient." : $"{address} is not an email recipient of {id}.",
                    DigestPreviewProblem.NoSubscriptions => $"{id} has no subscriptions, so it gets no digest.",
                    _ => $"{id} has no digest subscriptions: every subscription is immediate, so each change is mailed on its own and no digest is sent.",
                });
                return 1;
            }

            var who = preview.Recipient!;
            var message = preview.Message!;
            var periodEnd = preview.DueAtUtc;
            var count = preview.Items;
            await output.WriteLineAsync($"To: {who.Address}");
            await output.WriteLineAsync($"Due: {periodEnd:yyyy-MM-dd HH:mm} UTC ({count} item{(count == 1 ? "" : "s")} so far)");
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
