using Microsoft.EntityFrameworkCore;

namespace AdvisoryWatch.Data;

/// <summary>
/// The context on PostgreSQL; its migrations are in <c>Data/Migrations/Postgres</c>. Nothing here
/// names Npgsql, so that a SQLite node, which sees this type when it looks for migrations, does
/// not load it.
/// </summary>
public sealed class PostgresAdvisoryWatchDbContext(DbContextOptions<PostgresAdvisoryWatchDbContext> options) : AdvisoryWatchDbContext(options);
