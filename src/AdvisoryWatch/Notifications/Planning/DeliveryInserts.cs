using System.Data.Common;
using AdvisoryWatch.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace AdvisoryWatch.Notifications.Planning;

/// <summary>
/// Writes planned delivery rows with one prepared, parameterised <c>INSERT</c> per row instead of
/// tracked entities: a fan-out to ten thousand recipients spent most of its planning in EF Core's
/// change tracking and command batching. Every mapped property is written as EF would write it
/// (table, columns and value conversions from the model), so the row is the same on SQLite and
/// PostgreSQL; the unique (change, recipient) index still refuses a second plan of the same pair.
/// </summary>
internal sealed class DeliveryInserts
{
    private readonly string _sql;
    private readonly IProperty[] _properties;
    private readonly RelationalTypeMapping[] _mappings;
    private readonly string[] _names;

    private DeliveryInserts(AdvisoryWatchDbContext db)
    {
        var sql = db.GetService<ISqlGenerationHelper>();
        var entity = db.Model.FindEntityType(typeof(Delivery)) ?? throw new InvalidOperationException("Delivery is not in the model.");
        var name = entity.GetTableName() ?? throw new InvalidOperationException("Delivery is not mapped to a table.");
        var table = StoreObjectIdentifier.Table(name, entity.GetSchema());
        _properties = [.. entity.GetProperties()];
        _mappings = [.. _properties.Select(p => p.GetRelationalTypeMapping())];
        _names = [.. _properties.Select((_, i) => sql.GenerateParameterName($"p{i}"))];
        var columns = string.Join(", ", _properties.Select(p => sql.DelimitIdentifier(p.GetColumnName(table) ?? throw new InvalidOperationException($"{p.Name} has no column."))));
        var values = string.Join(", ", _properties.Select((_, i) => sql.GenerateParameterNamePlaceholder($"p{i}")));
        _sql = $"INSERT INTO {sql.DelimitIdentifier(name, entity.GetSchema())} ({columns}) VALUES ({values})";
    }

    public static DeliveryInserts For(AdvisoryWatchDbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        return new DeliveryInserts(db);
    }

    /// <summary>Inserts <paramref name="rows"/> on <paramref name="db"/>'s open connection, in its current transaction.</summary>
    public async Task ExecuteAsync(AdvisoryWatchDbContext db, IReadOnlyList<Delivery> rows, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
        {
            return;
        }

        var connection = db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.CommandText = _sql;
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        for (var i = 0; i < _properties.Length; i++)
        {
            // The type mapping names the provider type (PostgreSQL needs it for a null).
            command.Parameters.Add(_mappings[i].CreateParameter(command, _names[i], null, nullable: true));
        }

        for (var r = 0; r < rows.Count; r++)
        {
            Bind(command, rows[r]);
            if (r == 0)
            {
                // Bound first: PostgreSQL fixes the parameter types when it prepares.
                await command.PrepareAsync(ct);
            }

            await command.ExecuteNonQueryAsync(ct);
        }
    }

    private void Bind(DbCommand command, Delivery row)
    {
        for (var i = 0; i < _properties.Length; i++)
        {
            var value = _properties[i].GetGetter().GetClrValueUsingContainingEntity(row);
            command.Parameters[i].Value = (_mappings[i].Converter is { } converter ? converter.ConvertToProvider(value) : value) ?? DBNull.Value;
        }
    }
}
