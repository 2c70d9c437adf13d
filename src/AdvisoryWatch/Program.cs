using System.CommandLine;
using AdvisoryWatch.Parsing;

// The command line is the table of contents: each feature adds its own commands.
var root = new RootCommand("AdvisoryWatch watches security and privacy authorities and tells departments what changed.");
root.Subcommands.Add(ParseCommand.Create());

return await root.Parse(args).InvokeAsync();
