using Microsoft.Extensions.Configuration.Memory;

namespace AdvisoryWatch.Hosting;

/// <summary>
/// The log settings a new installation starts with, given as the standard <c>Logging:*</c> keys
/// at the lowest precedence, so appsettings, environment variables and <c>--Key=Value</c> tokens
/// override each of them as usual.
/// </summary>
public static class LoggingDefaults
{
    /// <summary>
    /// Console lines carry an ISO 8601 timestamp in UTC (an operator lines logs up with mail and
    /// authority timestamps). ASP.NET Core's per-request lines (two for every API call) and EF
    /// Core's per-command lines stay below Warning; errors still show. Set
    /// <c>Logging:LogLevel:Microsoft.AspNetCore=Information</c> to see every request.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string?> Values = new Dictionary<string, string?>
    {
        // Named, or the console provider overwrites the formatter's options with its own
        // obsolete ones (no timestamp) whenever no formatter is named.
        ["Logging:Console:FormatterName"] = "simple",
        ["Logging:Console:FormatterOptions:TimestampFormat"] = "yyyy-MM-dd'T'HH:mm:ss.fffzzz ",
        ["Logging:Console:FormatterOptions:UseUtcTimestamp"] = "true",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Warning",
    };

    public static WebApplicationBuilder AddLoggingDefaults(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ((IConfigurationBuilder)builder.Configuration).Sources.Insert(0, new MemoryConfigurationSource { InitialData = Values });
        return builder;
    }
}
