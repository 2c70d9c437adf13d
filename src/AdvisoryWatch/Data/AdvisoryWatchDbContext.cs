using Microsoft.EntityFrameworkCore;

namespace AdvisoryWatch.Data;

/// <summary>
/// The one DbContext. Each feature folder keeps its entities and their
/// <see cref="IEntityTypeConfiguration{TEntity}"/> beside its handlers; they are picked up here, and
/// handlers reach them with <c>Set&lt;T&gt;()</c>.
/// </summary>
public sealed class AdvisoryWatchDbContext(DbContextOptions<AdvisoryWatchDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(AdvisoryWatchDbContext).Assembly);
    }
}
