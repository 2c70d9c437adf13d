using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace AdvisoryWatch.IntegrationTests.Data;

/// <summary>
/// Puts a fixture database (a SQLite file, or a plain pg_dump restored with psql as an operator
/// would) where a <see cref="TestEnvironment"/> points, and reads any database of it raw: tables,
/// rows and schema, without the product's model, so that what the product does to them shows.
/// </summary>
public static class FixtureDatabase
{
    public static string FixturePath(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "Upgrade", name);

    /// <summary>Restores the schema-version-1 fixture of the environment's provider.</summary>
    public static async Task RestoreV1Async(TestEnvironment env)
    {
        if (env.Provider == "Postgres")
        {
            await RestorePostgresAsync(env.ConnectionString!, FixturePath("v1-postgres.sql"));
        }
        else
        {
            Directory.CreateDirectory(env.DataDirectory);
            File.Copy(FixturePath("v1-sqlite.db"), Path.Combine(env.DataDirectory, "advisorywatch.db"));
        }
    }

    public static DbConnection Connect(TestEnvironment env) =>
        env.Provider == "Postgres"
            ? new NpgsqlConnection(env.ConnectionString)
            : new SqliteConnection($"Data Source={Path.Combine(env.DataDirectory, "advisorywatch.db")};Pooling=False");

    public static async Task<T> WithConnectionAsync<T>(TestEnvironment env, Func<DbConnection, Task<T>> work)
    {
        await using var connection = Connect(env);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        return await work(connection);
    }

    /// <summary>A table's columns and its rows as text, in column order.</summary>
    public sealed record TableContent(List<string> Columns, List<string[]> Rows);

    public static Task<int> ExecuteAsync(TestEnvironment env, string sql) =>
        WithConnectionAsync(env, async c =>
        {
            await using var command = c.CreateCommand();
            command.CommandText = sql;
            return await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        });

    public static async Task<List<string[]>> QueryAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        var rows = new List<string[]>();
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            var row = new string[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? "(null)" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)!;
            }

            rows.Add(row);
        }

        return rows;
    }

    /// <summary>The product's tables (not EF's own), each with its columns and every row as text, rows sorted.</summary>
    public static Task<Dictionary<string, TableContent>> ContentAsync(TestEnvironment env) =>
        WithConnectionAsync(env, async c =>
        {
            var content = new Dictionary<string, TableContent>(StringComparer.Ordinal);
            foreach (var table in await TablesAsync(env, c))
            {
                var columns = env.Provider == "Postgres"
                    ? (await QueryAsync(c, $"SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = '{table}' ORDER BY ordinal_position")).Select(r => r[0]).ToList()
                    : (await QueryAsync(c, $"SELECT name FROM pragma_table_info('{table}') ORDER BY cid")).Select(r => r[0]).ToList();
                var rows = await QueryAsync(c, $"SELECT {string.Join(", ", columns.Select(Quote))} FROM {Quote(table)}");
                content[table] = new TableContent(columns, rows);
            }

            return content;
        });

    /// <summary>Tables, columns (type, nullability, default), indexes and constraints, one line each, sorted.</summary>
    public static Task<List<string>> SchemaAsync(TestEnvironment env) =>
        WithConnectionAsync(env, async c =>
        {
            var sql = env.Provider == "Postgres"
                ? """
                  SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || ' ' || COALESCE(character_maximum_length::text, '') || ' ' || is_nullable || ' ' || COALESCE(column_default, '')
                    FROM information_schema.columns WHERE table_schema = current_schema() AND table_name NOT LIKE '\_\_EF%'
                  UNION ALL
                  SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename NOT LIKE '\_\_EF%'
                  UNION ALL
                  SELECT 'constraint ' || conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid)
                    FROM pg_constraint WHERE connamespace = current_schema()::regnamespace AND conrelid::regclass::text NOT LIKE '%\_\_EF%'
                  """
                : "SELECT type || ' ' || name || ' ' || tbl_name || ' ' || COALESCE(sql, '') FROM sqlite_master WHERE name NOT LIKE '\\_\\_EF%' ESCAPE '\\'";
            return (await QueryAsync(c, sql)).Select(r => r[0]).Order(StringComparer.Ordinal).ToList();
        });

    public static async Task<List<string>> TablesAsync(TestEnvironment env, DbConnection connection)
    {
        var sql = env.Provider == "Postgres"
            ? "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
            : "SELECT name FROM sqlite_master WHERE type = 'table'";
        return (await QueryAsync(connection, sql)).Select(r => r[0]).Where(t => !t.StartsWith("__EF", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
    }

    private static string Quote(string name) => "\"" + name + "\"";

    private static async Task RestorePostgresAsync(string connectionString, string dump)
    {
        var cs = new NpgsqlConnectionStringBuilder(connectionString);
        await using (var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres" }.ConnectionString))
        {
            await admin.OpenAsync(TestContext.Current.CancellationToken);
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{cs.Database}\"", admin);
            await create.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        // The newest installed client, as the test services use the newest server.
        var psql = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetFiles("/usr/lib/postgresql", "psql", SearchOption.AllDirectories).OrderBy(p => p, StringComparer.Ordinal).LastOrDefault()
            : null;
        var start = new ProcessStartInfo(psql ?? "psql") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in (string[])["-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", cs.Host!, "-p", cs.Port.ToString(CultureInfo.InvariantCulture), "-U", cs.Username!, "-d", cs.Database!, "-f", dump])
        {
            start.ArgumentList.Add(arg);
        }

        if (cs.Password is { } password)
        {
            start.Environment["PGPASSWORD"] = password;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.True(process.ExitCode == 0, $"psql could not restore {Path.GetFileName(dump)}: {error}{await output}");
    }
}
