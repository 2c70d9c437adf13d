using AdvisoryWatch.Hosting;
using Microsoft.Extensions.Options;

namespace AdvisoryWatch.Notifications.Rendering;

public static class RenderingFeature
{
    /// <summary>
    /// The renderer keeps no state between messages, so one instance serves every thread. Its
    /// templates are the built-in ones, or an operator's folder (<c>Rendering:TemplateFolder</c>),
    /// loaded and checked at start-up: a broken template stops the start with its file and line.
    /// </summary>
    public static IServiceCollection AddMessageRendering(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(s => s.ServiceType == typeof(MessageRenderer)))
        {
            return services;
        }

        services.AddOptions<RenderingOptions>()
            .BindSection(RenderingOptions.Section)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<RenderingOptions>, TemplateFolderValidator>();
        services.AddSingleton(sp => new MessageRenderer(MessageTemplates.Load(sp.GetRequiredService<IOptions<RenderingOptions>>().Value.TemplateFolderFullPath)));
        return services;
    }

    /// <summary>Loads the operator's templates once at start-up, so that their problems are reported with the other settings'.</summary>
    private sealed class TemplateFolderValidator : IValidateOptions<RenderingOptions>
    {
        public ValidateOptionsResult Validate(string? name, RenderingOptions options)
        {
            if (options.TemplateFolderFullPath is not { } folder)
            {
                return ValidateOptionsResult.Success;
            }

            try
            {
                _ = MessageTemplates.Load(folder);
                return ValidateOptionsResult.Success;
            }
            catch (TemplateException e)
            {
                return ValidateOptionsResult.Fail($"{RenderingOptions.Section}:TemplateFolder: {e.Message}");
            }
        }
    }
}
