using Microsoft.Extensions.Options;

namespace AdvisoryWatch.Hosting;

/// <summary>
/// A configuration section a feature reads, and the options type whose properties are its keys.
/// Every feature declares its own, so the set of known keys is the set of keys the code binds.
/// </summary>
/// <param name="Path">The section, e.g. <c>AdvisoryWatch:Polling</c>.</param>
/// <param name="OptionsType">Its public settable properties (and their own, for nested types) are the keys.</param>
/// <param name="NotKeys">Properties of the type that are filled from elsewhere, not from this section.</param>
public sealed record KnownSection(string Path, Type OptionsType, IReadOnlyCollection<string> NotKeys);

public static class KnownSectionExtensions
{
    /// <summary>Declares <paramref name="path"/> as read into <typeparamref name="TOptions"/>, so its keys are known.</summary>
    public static IServiceCollection AddKnownSection<TOptions>(this IServiceCollection services, string path, params string[] notKeys)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton(new KnownSection(path, typeof(TOptions), notKeys));
        return services;
    }

    /// <summary>
    /// Binds the options to the section and declares its keys in one step: what is bound is what is
    /// known. With <paramref name="configuration"/>, binds that (a plain service collection, in tests).
    /// </summary>
    public static OptionsBuilder<TOptions> BindSection<TOptions>(this OptionsBuilder<TOptions> builder, string path, IConfiguration? configuration = null)
        where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddKnownSection<TOptions>(path);
        return configuration is null ? builder.BindConfiguration(path) : builder.Bind(configuration.GetSection(path));
    }
}
