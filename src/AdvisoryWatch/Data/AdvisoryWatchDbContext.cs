using AdvisoryWatch.Access.Accounts;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace AdvisoryWatch.Data;

/// <summary>
/// The one DbContext. Each feature folder keeps its entities and their
/// <see cref="IEntityTypeConfiguration{TEntity}"/> beside its handlers; they are picked up here, and
/// handlers reach them with <c>Set&lt;T&gt;()</c>. It is abstract only so that each provider has
/// its own migration set: <see cref="SqliteAdvisoryWatchDbContext"/> and
/// <see cref="PostgresAdvisoryWatchDbContext"/> add nothing to the model. Identity's user tables
/// (accounts, without Identity's role tables: an account's role is a column) and the Data
/// Protection key ring come from the base types; their table names from configurations here.
/// </summary>
public abstract class AdvisoryWatchDbContext(DbContextOptions options) : IdentityUserContext<Account>(options), IDataProtectionKeyContext
{
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(AdvisoryWatchDbContext).Assembly);
    }

    /// <summary>
    /// Times are stored in UTC. SQLite has no date type and EF cannot compare DateTimeOffset text
    /// there, so it stores UTC ticks (ordered, comparable in SQL: the scheduler's due query needs
    /// that). PostgreSQL stores timestamptz, which Npgsql accepts only with offset zero. Identity's
    /// own times (an account's lockout end) follow the same conventions.
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
