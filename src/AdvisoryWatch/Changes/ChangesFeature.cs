using AdvisoryWatch.Access;
using AdvisoryWatch.Changes.Pages;
using AdvisoryWatch.Contracts;
using AdvisoryWatch.Hosting;
using AdvisoryWatch.Hosting.Web;
using AdvisoryWatch.Messaging;
using MassTransit;

namespace AdvisoryWatch.Changes;

public static class ChangesFeature
{
    /// <summary>Change recording everywhere; the outbox dispatcher on worker nodes.</summary>
    public static WebApplicationBuilder AddChanges(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<ChangesOptions>()
            .BindSection(ChangesOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddScoped<ChangeRecorder>();
        builder.Services.AddNavigation(new NavigationEntry("/advisories", typeof(AdvisoriesText), "MenuAdvisories", AccessRole.Reader, 20));
        builder.Services.AddSingleton<OutboxSignal>();
        builder.Services.AddSingleton<OutboxReceipts>();
        if (builder.Roles().HasFlag(NodeRoles.Worker))
        {
            builder.Services.AddOutboxConsumer<ChangeDetected>(ChangeLogConsumer.ReceiptName);
            builder.Services.AddSingleton<OutboxDispatcher>();
            builder.Services.AddHostedService(sp => sp.GetRequiredService<OutboxDispatcher>());
        }

        builder.AddBusParticipant(
            consumers: bus => bus.AddConsumer<ChangeLogConsumer>(c => c.Options<BatchOptions>(o => o.SetMessageLimit(ChangeLogConsumer.BatchLimit).SetTimeLimit(ChangeLogConsumer.BatchWindow)))
                .Endpoint(e => e.Name = "advisorywatch-change-log"),

            // RabbitMQ stores a confirmed publish durably for every consumer's queue; the in-memory bus
            // holds it only as long as this process lives (see OutboxDispatcher).
            services: bus => bus.Services.AddSingleton(new OutboxTransport(HoldsPublishedMessages: bus.Transport == BusTransport.RabbitMq)));
        return builder;
    }
}
