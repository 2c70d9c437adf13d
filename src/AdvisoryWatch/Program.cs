using System.CommandLine;

// The command line is the table of contents: each feature adds its own commands.
var root = new RootCommand("AdvisoryWatch watches security and privacy authorities and tells departments what changed.");

return await root.Parse(args).InvokeAsync();
