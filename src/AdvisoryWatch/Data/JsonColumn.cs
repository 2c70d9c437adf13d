using System.Text.Json;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace AdvisoryWatch.Data;

/// <summary>
/// Stores a small settings object as JSON text, the same on SQLite and PostgreSQL. Used for parser
/// configuration that is read whole and never queried into.
/// </summary>
public static class JsonColumn
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public static PropertyBuilder<T?> HasJsonConversion<T>(this PropertyBuilder<T?> property)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(property);
        var converter = new ValueConverter<T?, string?>(
            v => v == null ? null : JsonSerializer.Serialize(v, Options),
            v => v == null ? null : JsonSerializer.Deserialize<T>(v, Options));

        // Records holding lists do not compare by content; compare the JSON instead.
        var comparer = new ValueComparer<T?>(
            (a, b) => Serialize(a) == Serialize(b),
            v => Serialize(v).GetHashCode(StringComparison.Ordinal),
            v => v == null ? null : JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(v, Options), Options));

        return property.HasConversion(converter, comparer);
    }

    private static string Serialize<T>(T? value) => value is null ? "null" : JsonSerializer.Serialize(value, Options);
}
