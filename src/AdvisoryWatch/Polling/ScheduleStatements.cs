using System.Collections.Concurrent;
using System.Data.Common;
using AdvisoryWatch.Data;
using AdvisoryWatch.Sources;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace AdvisoryWatch.Polling;

/// <summary>
/// The columns of a source's row that a poll outcome sets, with their values, worked out in C# by
/// the poll outcome from <see cref="Schedule"/>'s rules. Properties are named as on <see cref="Source"/>.
/// </summary>
public sealed class SourceRowUpdate
{
    private readonly List<KeyValuePair<string, object?>> _values = new(16);

    internal IReadOnlyList<KeyValuePair<string, object?>> Values => _values;

    public SourceRowUpdate Set(string property, object? value)
    {
        _values.Add(new(property, value));
        return this;
    }
}

/// <summary>One guarded schedule write: the row of <paramref name="SourceId"/>, if its claim is still <paramref name="ClaimToken"/>.</summary>
internal readonly record struct ScheduleRow(string SourceId, Guid ClaimToken, SourceRowUpdate Update);

/// <summary>
/// Writes source rows with plain parameterised <c>UPDATE</c>s, one prepared command per set of
/// columns per connection, instead of an EF Core <c>ExecuteUpdate</c>: building, funcletizing and
/// matching that setter expression for every row was the largest share of a polling cycle's CPU.
/// Table, column names and value conversions come from the EF model, so the SQL follows the
/// mapping on SQLite and PostgreSQL alike; the claim token guards each row as before.
/// </summary>
internal sealed class ScheduleStatements
{
    private readonly ISqlGenerationHelper _sql;
    private readonly IEntityType _source;
    private readonly StoreObjectIdentifier _table;
    private readonly string _tableSql;
    private readonly ConcurrentDictionary<string, Statement> _statements = new(StringComparer.Ordinal);

    private ScheduleStatements(AdvisoryWatchDbContext db)
    {
        _sql = db.GetService<ISqlGenerationHelper>();
        _source = db.Model.FindEntityType(typeof(Source)) ?? throw new InvalidOperationException("Source is not in the model.");
        var name = _source.GetTableName() ?? throw new InvalidOperationException("Source is not mapped to a table.");
        _table = StoreObjectIdentifier.Table(name, _source.GetSchema());
        _tableSql = _sql.DelimitIdentifier(name, _source.GetSchema());
    }

    /// <summary>The model the statements were built from (one per provider).</summary>
    public IModel Model => _source.Model;

    public static ScheduleStatements Create(AdvisoryWatchDbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        return new ScheduleStatements(db);
    }

    /// <summary>
    /// Runs the updates on <paramref name="db"/>'s open connection, in its current transaction if any;
    /// element i is whether row i's claim still held (and so was written).
    /// </summary>
    public async Task<bool[]> ExecuteAsync(AdvisoryWatchDbContext db, IReadOnlyList<ScheduleRow> rows, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        var written = new bool[rows.Count];
        var commands = new Dictionary<Statement, DbCommand>();
        try
        {
            for (var i = 0; i < rows.Count; i++)
            {
                var row = rows[i];
                var statement = StatementFor(row.Update);
                var prepare = !commands.TryGetValue(statement, out var command);
                if (command is null)
                {
                    command = statement.Create(connection, transaction);
                    commands.Add(statement, command);
                }

                statement.Bind(command, row);
                if (prepare)
                {
                    // Bound first: PostgreSQL fixes the parameter types when it prepares.
                    await command.PrepareAsync(ct);
                }

                written[i] = await command.ExecuteNonQueryAsync(ct) > 0;
            }
        }
        finally
        {
            foreach (var command in commands.Values)
            {
                await command.DisposeAsync();
            }
        }

        return written;
    }

    private Statement StatementFor(SourceRowUpdate update)
    {
        var values = update.Values;
        var shape = string.Join(',', values.Select(v => v.Key));
        return _statements.GetOrAdd(shape, _ => Build(values));
    }

    private Statement Build(IReadOnlyList<KeyValuePair<string, object?>> values)
    {
        var properties = new List<IProperty>(values.Count + 2);
        properties.AddRange(values.Select(v => Property(v.Key)));
        properties.Add(Property(nameof(Source.Id)));
        properties.Add(Property(nameof(Source.ClaimToken)));
        var columns = properties.Select(p => _sql.DelimitIdentifier(p.GetColumnName(_table) ?? throw new InvalidOperationException($"{p.Name} has no column."))).ToList();
        var names = Enumerable.Range(0, properties.Count).Select(i => $"p{i}").ToList();
        var sets = string.Join(", ", Enumerable.Range(0, values.Count).Select(i => $"{columns[i]} = {_sql.GenerateParameterNamePlaceholder(names[i])}"));
        var id = values.Count;
        var token = values.Count + 1;
        var sql = $"UPDATE {_tableSql} SET {sets} WHERE {columns[id]} = {_sql.GenerateParameterNamePlaceholder(names[id])} AND {columns[token]} = {_sql.GenerateParameterNamePlaceholder(names[token])}";
        return new Statement(sql, [.. names.Select(_sql.GenerateParameterName)], [.. properties.Select(p => p.GetRelationalTypeMapping())]);
    }

    private IProperty Property(string name) =>
        _source.FindProperty(name) ?? throw new InvalidOperationException($"Source has no property {name}.");

    private sealed class Statement(string sql, string[] parameterNames, RelationalTypeMapping[] mappings)
    {
        public DbCommand Create(DbConnection connection, DbTransaction? transaction)
        {
            var command = connection.CreateCommand();
            command.CommandText = sql;
            command.Transaction = transaction;
            for (var i = 0; i < mappings.Length; i++)
            {
                // The type mapping names the provider type (PostgreSQL needs it for a null).
                command.Parameters.Add(mappings[i].CreateParameter(command, parameterNames[i], null, nullable: true));
            }

            return command;
        }

        public void Bind(DbCommand command, ScheduleRow row)
        {
            var values = row.Update.Values;
            for (var i = 0; i < values.Count; i++)
            {
                command.Parameters[i].Value = ToProvider(mappings[i], values[i].Value);
            }

            command.Parameters[values.Count].Value = ToProvider(mappings[values.Count], row.SourceId);
            command.Parameters[values.Count + 1].Value = ToProvider(mappings[values.Count + 1], row.ClaimToken);
        }

        /// <summary>The model's value conversion (e.g. a time as UTC ticks on SQLite), as EF would apply it.</summary>
        private static object ToProvider(RelationalTypeMapping mapping, object? value) =>
            (mapping.Converter is { } converter ? converter.ConvertToProvider(value) : value) ?? DBNull.Value;
    }
}
