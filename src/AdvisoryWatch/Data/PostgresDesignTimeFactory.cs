using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace AdvisoryWatch.Data;

/// <summary>
/// How dotnet-ef builds the PostgreSQL context to write its migrations. <c>migrations add</c> does
/// not connect; the connection string only matters to <c>database update</c>, which the product
/// does itself at start-up.
/// </summary>
public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresAdvisoryWatchDbContext>
{
    public PostgresAdvisoryWatchDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<PostgresAdvisoryWatchDbContext>();
        DatabaseSetup.UseNpgsql(options, "Host=localhost;Database=advisorywatch");
        return new(options.Options);
    }
}
