using AdvisoryWatch.Changes;
using AdvisoryWatch.Contracts;
using AdvisoryWatch.Hosting;
using AdvisoryWatch.Hosting.Web;
using AdvisoryWatch.Messaging;
using AdvisoryWatch.Notifications.Digests;
using AdvisoryWatch.Notifications.Pages;
using AdvisoryWatch.Notifications.Escalation;
using AdvisoryWatch.Notifications.Planning;
using AdvisoryWatch.Notifications.Rendering;
using AdvisoryWatch.Notifications.Sending;
using AdvisoryWatch.Notifications.Sending.Channels.Mail;
using AdvisoryWatch.Notifications.Sending.Channels.Webhook;
using MassTransit;
using Microsoft.Extensions.Options;

namespace AdvisoryWatch.Notifications;

public static class NotificationsFeature
{
    /// <summary>
    /// Planning and composing everywhere (the CLI previews digests); the sender on worker nodes; the
    /// digest and escalation tick on scheduler nodes; the planner consumer on worker nodes, where the
    /// outbox also learns to wait for its receipts.
    /// </summary>
    public static WebApplicationBuilder AddNotifications(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<NotificationsOptions>()
            .BindSection(NotificationsOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton(sp => new PublicHost(sp.GetRequiredService<IOptions<NotificationsOptions>>().Value.PublicBaseUrl.Host));
        builder.AddMail();
        builder.AddWebhooks();
        builder.Services.AddMessageRendering();
        builder.Services.AddSingleton<LinkSigner>();
        builder.Services.AddSingleton<IStartupTask, SigningKeyTask>();
        builder.Services.AddSingleton<DeliverySignal>();
        builder.Services.AddSingleton<RelayHealth>();
        builder.Services.AddScoped<MessageComposer>();
        builder.Services.AddScoped<DigestBuilder>();
        builder.Services.AddScoped<DigestPreview>();
        builder.Services.AddScoped<TestMessageSender>();
        builder.Services.AddScoped<DeliveryRetry>();
        builder.Services.AddNavigation(new NavigationEntry("/deliveries", typeof(DeliveriesText), "MenuDeliveries", Access.AccessRole.Coordinator, 60));
        builder.Services.AddScoped<Escalator>();
        var roles = builder.Roles();
        if (roles.HasFlag(NodeRoles.Worker))
        {
            builder.Services.AddOutboxConsumer<ChangeDetected>(DeliveryPlanner.ReceiptName);
            builder.Services.AddSingleton<DeliverySender>();
            builder.Services.AddHostedService(sp => sp.GetRequiredService<DeliverySender>());
        }

        if (roles.HasFlag(NodeRoles.Scheduler))
        {
            builder.AddTickingJob<NotificationsTickJob>("notifications-tick", services => services.GetRequiredService<IOptions<NotificationsOptions>>().Value.TickInterval);
        }

        builder.AddBusParticipant(consumers: bus => bus.AddConsumer<DeliveryPlanner>(c => c.Options<BatchOptions>(o => o.SetMessageLimit(DeliveryPlanner.BatchLimit).SetTimeLimit(DeliveryPlanner.BatchWindow)))
            .Endpoint(e => e.Name = "advisorywatch-plan-deliveries"));
        return builder;
    }

    public static WebApplication MapNotifications(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapNotificationLinks();
        app.MapDeliveriesApi();
        return app;
    }
}
