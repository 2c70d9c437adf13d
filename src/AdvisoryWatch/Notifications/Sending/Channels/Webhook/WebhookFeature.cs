using AdvisoryWatch.Hosting;
using Microsoft.Extensions.Options;

namespace AdvisoryWatch.Notifications.Sending.Channels.Webhook;

public static class WebhookFeature
{
    /// <summary>The webhook channel: options validated at start-up, one guarded connection pool.</summary>
    public static WebApplicationBuilder AddWebhooks(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<WebhookOptions>()
            .BindSection(WebhookOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<WebhookOptions>, WebhookOptionsValidator>();
        builder.Services.AddSingleton<IWebhookNotifier, WebhookNotifier>();
        builder.Services.AddSingleton<WebhookHealth>();
        builder.Services.AddSingleton<WebhookChannel>();
        return builder;
    }
}
