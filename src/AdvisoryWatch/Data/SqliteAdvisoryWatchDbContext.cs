using Microsoft.EntityFrameworkCore;

namespace AdvisoryWatch.Data;

/// <summary>The context on SQLite; its migrations are in <c>Data/Migrations/Sqlite</c>.</summary>
public sealed class SqliteAdvisoryWatchDbContext(DbContextOptions<SqliteAdvisoryWatchDbContext> options) : AdvisoryWatchDbContext(options);
