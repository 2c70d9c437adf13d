using AdvisoryWatch.Data;
using Microsoft.EntityFrameworkCore;

namespace AdvisoryWatch.Tests.Data;

/// <summary>
/// Each provider's migration set describes the model: a change to an entity or its configuration
/// without a migration for both providers fails here (and the product refuses to start on it).
/// </summary>
public sealed class MigrationsTests
{
    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public void Every_model_change_has_a_migration_for_the_provider(string provider)
    {
        using AdvisoryWatchDbContext db = provider == "Sqlite"
            ? new SqliteDesignTimeFactory().CreateDbContext([])
            : new PostgresDesignTimeFactory().CreateDbContext([]);

        Assert.NotEmpty(db.Database.GetMigrations());
        Assert.False(
            db.Database.HasPendingModelChanges(),
            $"The model has changes that no {provider} migration makes: add a migration for both providers (docs/development.md, \"Changing the schema\").");
    }
}
