using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace AdvisoryWatch.Data;

/// <summary>
/// How dotnet-ef builds the SQLite context to write its migrations (the host, with its command line
/// and configuration checks, is not built for that). The model is the one the product uses; the
/// file is never opened by <c>migrations add</c>.
/// </summary>
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteAdvisoryWatchDbContext>
{
    public SqliteAdvisoryWatchDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteAdvisoryWatchDbContext>()
            .UseSqlite(DatabaseSetup.SqliteConnectionString(null, Path.GetTempPath()))
            .Options);
}
