using System.Data.Common;
using AdvisoryWatch.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace AdvisoryWatch.Notifications.Sending;

/// <summary>
/// Saves send outcomes with one prepared, parameterised <c>UPDATE</c> per row, guarded by the claim
/// token the row was taken with: EF Core's tracked save cost more CPU per row than rendering the
/// message. Every state column of <see cref="Sendable"/> is written from the row (table, columns and
/// value conversions from the EF model, so SQLite and PostgreSQL alike); a row whose claim another
/// worker took over after the lease is left alone, and reported as not written.
/// </summary>
internal sealed class OutcomeStatements
{
    private static readonly string[] Written =
    [
        nameof(Sendable.State), nameof(Sendable.DueAtUtc), nameof(Sendable.Attempts), nameof(Sendable.AmbiguousAttempts),
        nameof(Sendable.LastAttemptAtUtc), nameof(Sendable.SentAtUtc), nameof(Sendable.LastReply),
        nameof(Sendable.LockToken), nameof(Sendable.LockedUntilUtc),
    ];

    private readonly string _sql;
    private readonly IProperty[] _properties;
    private readonly RelationalTypeMapping[] _mappings;
    private readonly string[] _names;

    private OutcomeStatements(AdvisoryWatchDbContext db, Type type)
    {
        var sql = db.GetService<ISqlGenerationHelper>();
        var entity = db.Model.FindEntityType(type) ?? throw new InvalidOperationException($"{type.Name} is not in the model.");
        var name = entity.GetTableName() ?? throw new InvalidOperationException($"{type.Name} is not mapped to a table.");
        var table = StoreObjectIdentifier.Table(name, entity.GetSchema());

        // The written columns, then the key and the claim token of the WHERE clause.
        _properties = [.. Written.Append(nameof(Sendable.Id)).Append(nameof(Sendable.LockToken)).Select(p => entity.FindProperty(p) ?? throw new InvalidOperationException($"{type.Name} has no property {p}."))];
        _mappings = [.. _properties.Select(p => p.GetRelationalTypeMapping())];
        _names = [.. _properties.Select((_, i) => sql.GenerateParameterName($"p{i}"))];
        string Column(int i) => sql.DelimitIdentifier(_properties[i].GetColumnName(table) ?? throw new InvalidOperationException($"{_properties[i].Name} has no column."));
        string Value(int i) => sql.GenerateParameterNamePlaceholder($"p{i}");
        var sets = string.Join(", ", Enumerable.Range(0, Written.Length).Select(i => $"{Column(i)} = {Value(i)}"));
        var id = Written.Length;
        var token = id + 1;
        _sql = $"UPDATE {sql.DelimitIdentifier(name, entity.GetSchema())} SET {sets} WHERE {Column(id)} = {Value(id)} AND {Column(token)} = {Value(token)}";
    }

    public static OutcomeStatements For<T>(AdvisoryWatchDbContext db)
        where T : Sendable
    {
        ArgumentNullException.ThrowIfNull(db);
        return new OutcomeStatements(db, typeof(T));
    }

    /// <summary>
    /// Writes each row's outcome if it is still claimed with its token, on <paramref name="db"/>'s open
    /// connection and in its current transaction; element i is whether row i was written.
    /// </summary>
    public async Task<bool[]> ExecuteAsync(AdvisoryWatchDbContext db, IReadOnlyList<(Sendable Row, Guid? Token)> rows, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(rows);
        var written = new bool[rows.Count];
        if (rows.Count == 0)
        {
            return written;
        }

        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = _sql;
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        for (var i = 0; i < _properties.Length; i++)
        {
            // The type mapping names the provider type (PostgreSQL needs it for a null).
            command.Parameters.Add(_mappings[i].CreateParameter(command, _names[i], null, nullable: true));
        }

        for (var r = 0; r < rows.Count; r++)
        {
            Bind(command, rows[r].Row, rows[r].Token);
            if (r == 0)
            {
                // Bound first: PostgreSQL fixes the parameter types when it prepares.
                await command.PrepareAsync(ct);
            }

            written[r] = await command.ExecuteNonQueryAsync(ct) > 0;
        }

        return written;
    }

    private void Bind(DbCommand command, Sendable row, Guid? token)
    {
        var last = _properties.Length - 1;
        for (var i = 0; i < last; i++)
        {
            Set(command, i, _properties[i].GetGetter().GetClrValueUsingContainingEntity(row));
        }

        Set(command, last, token);
    }

    private void Set(DbCommand command, int i, object? value) =>
        command.Parameters[i].Value = (_mappings[i].Converter is { } converter ? converter.ConvertToProvider(value) : value) ?? DBNull.Value;
}
