using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AdvisoryWatch.Notifications.Rendering;

public static class RenderingFeature
{
    /// <summary>The renderer keeps no state between messages, so one instance serves every thread.</summary>
    public static IServiceCollection AddMessageRendering(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<MessageRenderer>();
        return services;
    }
}
