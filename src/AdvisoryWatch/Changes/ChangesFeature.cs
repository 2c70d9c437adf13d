using AdvisoryWatch.Contracts;
using AdvisoryWatch.Hosting;

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
        builder.Services.AddSingleton<OutboxSignal>();
        builder.Services.AddSingleton<OutboxReceipts>();
        if (builder.Roles().HasFlag(NodeRoles.Worker))
        {
            builder.Services.AddOutboxConsumer<ChangeDetected>(ChangeLogConsumer.ReceiptName);
            builder.Services.AddSingleton<OutboxDispatcher>();
            builder.Services.AddHostedService(sp => sp.GetRequiredService<OutboxDispatcher>());
        }

        return builder;
    }
}
