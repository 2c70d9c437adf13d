using System.CommandLine;
using AdvisoryWatch.Access;
using AdvisoryWatch.Access.Accounts;
using AdvisoryWatch.Access.ApiKeys;
using AdvisoryWatch.Apps;
using AdvisoryWatch.Audit;
using AdvisoryWatch.Changes;
using AdvisoryWatch.Data;
using AdvisoryWatch.Departments;
using AdvisoryWatch.Feeds;
using AdvisoryWatch.FollowUp;
using AdvisoryWatch.Hosting;
using AdvisoryWatch.Hosting.Web;
using AdvisoryWatch.Messaging;
using AdvisoryWatch.Notifications;
using AdvisoryWatch.Notifications.Digests;
using AdvisoryWatch.Overview;
using AdvisoryWatch.Parsing;
using AdvisoryWatch.Polling;
using AdvisoryWatch.Sources;
using AdvisoryWatch.Topics;

namespace AdvisoryWatch;

/// <summary>
/// The table of contents: the commands, and the one list of features that <c>run</c> and the
/// commands needing services share. A feature adds one line to each list.
/// </summary>
public static class Program
{
    public static Task<int> Main(string[] args) => CreateCommandLine().Parse(args).InvokeAsync();

    internal static RootCommand CreateCommandLine()
    {
        var root = new RootCommand("AdvisoryWatch watches security and privacy authorities and tells departments what changed.");
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(SourcesCommand.Create());
        root.Subcommands.Add(TopicsCommand.Create());
        root.Subcommands.Add(ParseCommand.Create());
        root.Subcommands.Add(DepartmentsCommand.Create());
        root.Subcommands.Add(DigestCommand.Create());
        root.Subcommands.Add(ApiKeysCommand.Create());
        root.Subcommands.Add(AuditCommand.Create());
        root.Subcommands.Add(UsersCommand.Create());
        return root;
    }

    /// <summary>Registers every feature's services (nothing starts here).</summary>
    internal static void AddFeatures(WebApplicationBuilder builder)
    {
        builder.AddHosting();
        builder.AddWebHardening();
        builder.AddWebPages();
        builder.AddDatabase();
        builder.AddAccess();
        builder.AddAudit();
        builder.AddSources();
        builder.AddPolling();
        builder.AddTopics();
        builder.AddChanges();
        builder.AddDepartments();
        builder.AddFollowUp();
        builder.AddApps();
        builder.AddOverview();
        builder.AddFeeds();
        builder.AddNotifications();
        builder.AddMessaging();
    }

    /// <summary>Maps every feature's endpoints (the web role only).</summary>
    internal static void MapFeatures(WebApplication app)
    {
        app.UseWebHardening();
        app.UseAccess();
        app.MapHealth();
        app.MapSiteAssets();
        app.MapWebPages();
        app.MapAccess();
        app.MapAuditApi();
        app.MapSourcesApi();
        app.MapPollingApi();
        app.MapAdvisoriesApi();
        app.MapDepartmentsApi();
        app.MapNotifications();
        app.MapTopicsApi();
        app.MapFollowUp();
        app.MapApps();
        app.MapFeeds();
    }
}
