using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace AdvisoryWatch.Data;

/// <summary>
/// The one DbContext. Each feature folder keeps its entities and their
/// <see cref="IEntityTypeConfiguration{TEntity}"/> beside its handlers; they are picked up here, and
/// handlers reach them with <c>Set&lt;T&gt;()</c>. It is abstract only so that each provider has
/// its own migration set: <see cref="SqliteAdvisoryWatchDbContext"/> and
/// <see cref="PostgresAdvisoryWatchDbContext"/> add nothing to the model.
/// </summary>
public abstract class AdvisoryWatchDbContext(DbContextOptions options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(AdvisoryWatchDbContext).Assembly);
    }

    /// <summary>
    /// Times are stored in UTC. SQLite has no date type and EF cannot compare DateTimeOffset text
    /// there, so it stores UTC ticks (ordered, comparable in SQL: the scheduler's due query needs
    /// that). PostgreSQL stores timestamptz, which Npgsql accepts only with offset zero.
    /// </summary>
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        if (Database.IsSqlite())
        {
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
            configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<UtcTicksConverter>();
        }
        else
        {
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<ToUniversalConverter>();
            configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<ToUniversalConverter>();
        }
    }

    private sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
        v => v.UtcTicks,
        v => new DateTimeOffset(v, TimeSpan.Zero));

    private sealed class ToUniversalConverter() : ValueConverter<DateTimeOffset, DateTimeOffset>(
        v => v.ToUniversalTime(),
        v => v);
}
