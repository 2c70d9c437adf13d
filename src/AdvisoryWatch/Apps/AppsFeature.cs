using AdvisoryWatch.Access;
using AdvisoryWatch.Apps.Pages;
using AdvisoryWatch.Changes;
using AdvisoryWatch.Contracts;
using AdvisoryWatch.Hosting;
using AdvisoryWatch.Hosting.Web;
using AdvisoryWatch.Messaging;
using AdvisoryWatch.Topics;
using MassTransit;

namespace AdvisoryWatch.Apps;

public static class AppsFeature
{
    /// <summary>The register's topics everywhere (every node classifies); the mention consumer on worker nodes.</summary>
    public static WebApplicationBuilder AddApps(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<ITopicContributor, AppTopics>();
        builder.Services.AddScoped<AppRegister>();
        builder.Services.AddNavigation(new NavigationEntry("/apps", typeof(AppsText), "MenuApps", AccessRole.Reader, 40));
        if (builder.Roles().HasFlag(NodeRoles.Worker))
        {
            builder.Services.AddOutboxConsumer<ChangeDetected>(AppMentionConsumer.ReceiptName);
        }

        builder.AddBusParticipant(consumers: bus => bus.AddConsumer<AppMentionConsumer>(c => c.Options<BatchOptions>(o => o.SetMessageLimit(AppMentionConsumer.BatchLimit).SetTimeLimit(AppMentionConsumer.BatchWindow)))
            .Endpoint(e => e.Name = "advisorywatch-app-follow-up"));
        return builder;
    }

    public static WebApplication MapApps(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.MapAppsApi();
    }
}
