using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace AdvisoryWatch.Sources;

/// <summary>
/// A source's <c>interval</c> as an admin writes it: whole minutes (<c>60</c>), a duration with
/// units (<c>5m</c>, <c>1h</c>, <c>1h30m</c>, <c>1d</c>) or a time span (<c>00:15:00</c>). Stored
/// as whole minutes, at least one: a source is never polled more often than once a minute, out of
/// politeness to the authorities (and the schedule keeps minutes).
/// </summary>
public static class PollInterval
{
    public const int MinimumMinutes = 1;

    /// <summary>What the field takes, for error messages and docs.</summary>
    public const string Accepted = "write whole minutes (60) or a duration: 5m, 1h, 1h30m, 1d or 00:15:00; the shortest is 1 minute";

    /// <summary>The interval in minutes, or null and a problem phrased for a person.</summary>
    public static int? Parse(string? text, out string? problem)
    {
        var value = text?.Trim() ?? string.Empty;
        problem = null;
        if (value.Length == 0)
        {
            problem = $"interval is empty; {Accepted}.";
            return null;
        }

        if (!TryReadSeconds(value, out var seconds))
        {
            problem = $"interval '{value}' is not a duration; {Accepted}.";
            return null;
        }

        if (seconds < MinimumMinutes * 60)
        {
            problem = $"interval '{value}' is shorter than the minimum of 1 minute (sources are not polled more often, out of politeness to the authorities); {Accepted}.";
            return null;
        }

        if (seconds % 60 != 0)
        {
            problem = $"interval '{value}' is not a whole number of minutes; {Accepted}.";
            return null;
        }

        if (seconds / 60 > int.MaxValue)
        {
            problem = $"interval '{value}' is too long; {Accepted}.";
            return null;
        }

        return (int)(seconds / 60);
    }

    /// <summary>Seconds from "90", "1h30m", "45s", "1d" or "00:15:00"; false for anything else (fractions included).</summary>
    private static bool TryReadSeconds(string value, out decimal seconds)
    {
        seconds = 0;
        if (value.All(char.IsAsciiDigit))
        {
            // A bare number is minutes, as the field always was.
            return decimal.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var minutes) && Multiply(minutes, 60, out seconds);
        }

        if (value.Contains(':', StringComparison.Ordinal))
        {
            if (!TimeSpan.TryParseExact(value, ["c", @"h\:mm", @"hh\:mm"], CultureInfo.InvariantCulture, out var span) || span.Ticks % TimeSpan.TicksPerSecond != 0)
            {
                return false;
            }

            seconds = (decimal)span.TotalSeconds;
            return true;
        }

        // Units in falling order, each once: 1d, 2h, 1h30m, 90s.
        var rest = value.AsSpan();
        var lastUnit = int.MaxValue;
        while (rest.Length > 0)
        {
            var digits = 0;
            while (digits < rest.Length && char.IsAsciiDigit(rest[digits]))
            {
                digits++;
            }

            if (digits == 0 || digits == rest.Length || !decimal.TryParse(rest[..digits], NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
            {
                return false;
            }

            var unit = char.ToLowerInvariant(rest[digits]) switch
            {
                'd' => 86_400,
                'h' => 3_600,
                'm' => 60,
                's' => 1,
                _ => 0,
            };
            if (unit == 0 || unit >= lastUnit || !Multiply(amount, unit, out var part))
            {
                return false;
            }

            lastUnit = unit;
            seconds += part;
            rest = rest[(digits + 1)..];
        }

        return true;
    }

    private static bool Multiply(decimal amount, int unit, out decimal result)
    {
        // Far beyond any interval; keeps the arithmetic away from decimal's limits.
        result = amount <= 1_000_000_000_000m ? amount * unit : 0;
        return result > 0 || amount == 0;
    }

    /// <summary>
    /// Reads <c>interval</c> through <see cref="Parse"/> (YAML would otherwise report "30s" with
    /// its own parser's words) and writes it as whole minutes, which every version reads.
    /// </summary>
    /// <remarks>Used only where <c>[YamlConverter]</c> names it: every other int is read as YAML reads it.</remarks>
    public sealed class YamlConverter : IYamlTypeConverter
    {
        public bool Accepts(Type type) => false;

        public object? ReadYaml(IParser parser, Type type, ObjectDeserializer rootDeserializer)
        {
            ArgumentNullException.ThrowIfNull(parser);
            var scalar = parser.Consume<Scalar>();
            return Parse(scalar.Value, out var problem) ?? throw new YamlException(scalar.Start, scalar.End, problem!);
        }

        public void WriteYaml(IEmitter emitter, object? value, Type type, ObjectSerializer serializer)
        {
            ArgumentNullException.ThrowIfNull(emitter);
            emitter.Emit(new Scalar(Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty));
        }
    }
}
