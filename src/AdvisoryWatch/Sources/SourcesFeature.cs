using AdvisoryWatch.Access;
using AdvisoryWatch.Hosting;
using AdvisoryWatch.Hosting.Web;
using AdvisoryWatch.Sources.Pages;

namespace AdvisoryWatch.Sources;

/// <summary><c>AdvisoryWatch:Seeds:*</c>.</summary>
public sealed class SeedOptions
{
    public const string Section = "AdvisoryWatch:Seeds";

    /// <summary>Import the shipped catalogue when the service starts (<c>run</c>; idempotent; admin changes survive). CLI commands never do.</summary>
    public bool Enabled { get; set; } = true;
}

public static partial class SourcesFeature
{
    public static WebApplicationBuilder AddSources(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<IConfigurationCheck, SeedConfigurationCheck>();
        builder.Services.AddOptions<SeedOptions>().BindSection(SeedOptions.Section);
        builder.Services.AddOptions<ExtractionOptions>()
            .BindSection(ExtractionOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<ExtractionMemoryBudget>();
        builder.Services.AddScoped<SourceImporter>();
        builder.Services.AddOptions<SourcePreviewOptions>()
            .BindSection(SourcePreviewOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddScoped<SourcePreviewer>();
        builder.Services.AddNavigation(new NavigationEntry("/sources", typeof(SourcesText), "MenuSources", AccessRole.Admin, 70));
        builder.Services.AddSingleton<IStartupTask, SeedImportTask>();
        return builder;
    }

    private sealed class SeedConfigurationCheck : IConfigurationCheck
    {
        public IEnumerable<string> Check(IConfiguration configuration)
        {
            var errors = new List<string>();
            ConfigurationValidation.CheckBool(configuration, "AdvisoryWatch:Seeds:Enabled", errors);
            return errors;
        }
    }

    private sealed partial class SeedImportTask(Microsoft.Extensions.Options.IOptions<SeedOptions> options, ILogger<SeedImportTask> logger) : IStartupTask
    {
        public int Order => 100;

        public bool ServiceOnly => true;

        public async Task RunAsync(IServiceProvider services, CancellationToken cancellationToken)
        {
            if (!options.Value.Enabled)
            {
                return;
            }

            var catalogue = SourceCatalogue.Read(SourceCatalogue.ReadEmbeddedSeeds());
            if (catalogue.Problems.Count > 0)
            {
                // A broken shipped catalogue is a build defect; the seeds test guards against it.
                throw new InvalidOperationException("The shipped source catalogue is invalid: " + string.Join("; ", catalogue.Problems));
            }

            var report = await services.GetRequiredService<SourceImporter>().ImportSeedsAsync(catalogue.Sources, cancellationToken);
            LogSeeded(logger, report.Added.Count, report.Updated.Count, report.KeptAdminChanges.Count);
        }

        [LoggerMessage(Level = LogLevel.Information, Message = "Seed catalogue imported: {Added} added, {Updated} updated, {Kept} kept as an admin changed them")]
        private static partial void LogSeeded(ILogger logger, int added, int updated, int kept);
    }
}
