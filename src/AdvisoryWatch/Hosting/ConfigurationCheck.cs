using Microsoft.Extensions.Options;

namespace AdvisoryWatch.Hosting;

/// <summary>
/// Checks one feature's raw configuration and returns every problem found, so that start-up can
/// report all errors at once instead of failing on the first one. Runs before options are bound.
/// </summary>
public interface IConfigurationCheck
{
    IEnumerable<string> Check(IConfiguration configuration);
}

public static class ConfigurationValidation
{
    /// <summary>
    /// Every configuration error of every feature: the <see cref="IConfigurationCheck"/>s, then the
    /// options registered with <c>ValidateOnStart()</c>.
    /// </summary>
    public static IReadOnlyList<string> FindErrors(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var configuration = services.GetRequiredService<IConfiguration>();
        var errors = new List<string>();
        foreach (var check in services.GetServices<IConfigurationCheck>())
        {
            errors.AddRange(check.Check(configuration));
        }

        try
        {
            services.GetService<IStartupValidator>()?.Validate();
        }
        catch (OptionsValidationException e)
        {
            errors.AddRange(e.Failures);
        }
        catch (AggregateException e)
        {
            foreach (var inner in e.Flatten().InnerExceptions)
            {
                if (inner is OptionsValidationException ove)
                {
                    errors.AddRange(ove.Failures);
                }
                else
                {
                    errors.Add(inner.Message);
                }
            }
        }
        catch (InvalidOperationException e)
        {
            // The configuration binder reports a value it cannot convert this way.
            errors.Add(e.Message);
        }

        return errors.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>Reads an optional boolean; adds an error when present and not true/false.</summary>
    public static void CheckBool(IConfiguration configuration, string key, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(errors);
        var value = configuration[key];
        if (!string.IsNullOrWhiteSpace(value) && !bool.TryParse(value, out _))
        {
            errors.Add($"{key}: '{value}' is not true or false.");
        }
    }

    /// <summary>Reads an optional enum name; adds an error listing the allowed names.</summary>
    public static void CheckEnum<TEnum>(IConfiguration configuration, string key, List<string> errors)
        where TEnum : struct, Enum
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(errors);
        var value = configuration[key];
        if (!string.IsNullOrWhiteSpace(value) && !Enum.TryParse<TEnum>(value, ignoreCase: true, out _))
        {
            errors.Add($"{key}: '{value}' is not one of {string.Join(", ", Enum.GetNames<TEnum>())}.");
        }
    }
}
