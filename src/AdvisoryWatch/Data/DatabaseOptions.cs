using AdvisoryWatch.Hosting;

namespace AdvisoryWatch.Data;

public enum DatabaseProvider
{
    /// <summary>Embedded default: one file in the data directory. One node only.</summary>
    Sqlite,

    /// <summary>For several nodes (needs <c>ConnectionStrings:AdvisoryWatch</c>).</summary>
    Postgres,
}

/// <summary><c>AdvisoryWatch:Database:*</c> and <c>ConnectionStrings:AdvisoryWatch</c>.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "AdvisoryWatch:Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>For SQLite, optional (default: <c>advisorywatch.db</c> in the data directory).</summary>
    public string? ConnectionString { get; set; }

    public static DatabaseOptions Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return new DatabaseOptions
        {
            Provider = Enum.TryParse<DatabaseProvider>(configuration["AdvisoryWatch:Database:Provider"], ignoreCase: true, out var p)
                ? p
                : DatabaseProvider.Sqlite,
            ConnectionString = configuration.GetConnectionString("AdvisoryWatch") is { Length: > 0 } cs ? cs : null,
        };
    }
}

internal sealed class DatabaseConfigurationCheck : IConfigurationCheck
{
    public IEnumerable<string> Check(IConfiguration configuration)
    {
        var errors = new List<string>();
        ConfigurationValidation.CheckEnum<DatabaseProvider>(configuration, "AdvisoryWatch:Database:Provider", errors);
        var options = DatabaseOptions.Read(configuration);
        if (options.Provider == DatabaseProvider.Postgres && options.ConnectionString is null
            && string.Equals(configuration["AdvisoryWatch:Database:Provider"], "Postgres", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add("ConnectionStrings:AdvisoryWatch: required when AdvisoryWatch:Database:Provider is Postgres.");
        }

        if (options.ConnectionString is { } cs)
        {
            try
            {
                if (options.Provider == DatabaseProvider.Postgres)
                {
                    ParseNpgsql(cs);
                }
                else
                {
                    _ = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(cs);
                }
            }
            catch (ArgumentException e)
            {
                errors.Add($"ConnectionStrings:AdvisoryWatch: not a valid {options.Provider} connection string ({e.Message}).");
            }
        }

        return errors;
    }

    // Apart, so that checking a SQLite configuration does not load Npgsql.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void ParseNpgsql(string connectionString) =>
        _ = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
}
