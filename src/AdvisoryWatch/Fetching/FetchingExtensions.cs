using AdvisoryWatch.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AdvisoryWatch.Fetching;

public static class FetchingExtensions
{
    /// <summary>The fetcher and its options (<c>AdvisoryWatch:Fetch</c>), validated at start-up.</summary>
    public static IServiceCollection AddFetching(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<FetchOptions>()
            .BindSection(FetchOptions.Section, configuration)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<FetchOptions>, FetchOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IFetcher, HttpFetcher>();
        return services;
    }
}
