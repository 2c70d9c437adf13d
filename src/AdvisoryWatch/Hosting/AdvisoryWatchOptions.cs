using Microsoft.Extensions.Options;

namespace AdvisoryWatch.Hosting;

/// <summary>What this process does: serve the web API, run the scheduler, run workers.</summary>
[Flags]
public enum Roles
{
    None = 0,
    Web = 1,
    Scheduler = 2,
    Worker = 4,
    All = Web | Scheduler | Worker,
}

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

public enum BusTransport
{
    InMemory,
    RabbitMq,
}

/// <summary>The top-level settings under <c>AdvisoryWatch</c>.</summary>
public sealed class AdvisoryWatchOptions
{
    public const string Section = "AdvisoryWatch";

    /// <summary>Where the SQLite file and the mail outbox live.</summary>
    public string DataDirectory { get; set; } = "data";

    public Roles Roles { get; set; } = Roles.All;

    public DatabaseSettings Database { get; set; } = new();

    public BusSettings Bus { get; set; } = new();

    public SeedSettings Seeds { get; set; } = new();

    public sealed class DatabaseSettings
    {
        public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;
    }

    public sealed class BusSettings
    {
        public BusTransport Transport { get; set; } = BusTransport.InMemory;
    }

    public sealed class SeedSettings
    {
        /// <summary>Import seeds/sources.yaml and seeds/topics.yaml at start-up.</summary>
        public bool Enabled { get; set; } = true;

        /// <summary>The seeds folder; by default the one shipped beside the executable or above the working directory.</summary>
        public string? Directory { get; set; }
    }
}

/// <summary>Start-up validation of the settings that cross features: every problem at once.</summary>
internal sealed class AdvisoryWatchOptionsValidator(IConfiguration configuration) : IValidateOptions<AdvisoryWatchOptions>
{
    public ValidateOptionsResult Validate(string? name, AdvisoryWatchOptions options)
    {
        var errors = new List<string>();
        if (options.Roles == Roles.None)
        {
            errors.Add("AdvisoryWatch:Roles must name at least one of Web, Scheduler, Worker");
        }

        if (string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            errors.Add("AdvisoryWatch:DataDirectory must not be empty");
        }

        if (options.Database.Provider == DatabaseProvider.Postgres && string.IsNullOrWhiteSpace(configuration.GetConnectionString("AdvisoryWatch")))
        {
            errors.Add("AdvisoryWatch:Database:Provider is Postgres but ConnectionStrings:AdvisoryWatch is not set");
        }

        if (options.Bus.Transport == BusTransport.RabbitMq)
        {
            var rabbit = configuration.GetConnectionString("RabbitMq");
            if (string.IsNullOrWhiteSpace(rabbit) || !Uri.TryCreate(rabbit, UriKind.Absolute, out var uri) || uri.Scheme is not ("amqp" or "amqps"))
            {
                errors.Add("AdvisoryWatch:Bus:Transport is RabbitMq but ConnectionStrings:RabbitMq is not an amqp:// URI");
            }
        }

        // The in-memory bus and SQLite live inside one process: a node that does not do all the
        // work would never hear from the others.
        if (options.Roles != Roles.All && options.Bus.Transport == BusTransport.InMemory)
        {
            errors.Add("AdvisoryWatch:Roles other than Web,Scheduler,Worker need AdvisoryWatch:Bus:Transport RabbitMq");
        }

        if (options.Roles != Roles.All && options.Database.Provider == DatabaseProvider.Sqlite)
        {
            errors.Add("AdvisoryWatch:Roles other than Web,Scheduler,Worker need a shared database (Postgres); SQLite serves one node");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
