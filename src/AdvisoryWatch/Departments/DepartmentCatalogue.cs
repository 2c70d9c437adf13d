using System.Globalization;
using AdvisoryWatch.Contracts;
using AdvisoryWatch.Hosting;

namespace AdvisoryWatch.Departments;

/// <summary>The YAML format of <c>seeds/departments.yaml</c> and of <c>departments import/export</c>.</summary>
public sealed class DepartmentCatalogue
{
    public List<DepartmentDefinition> Departments { get; set; } = [];

    /// <summary>Reads a catalogue; every problem is reported at once, none is imported while any remains.</summary>
    public static DepartmentReadResult Read(string yaml)
    {
        if (SeedFiles.Read<DepartmentCatalogue>(yaml, out var problem) is not { } catalogue)
        {
            return new DepartmentReadResult([], [problem!]);
        }

        var problems = catalogue.Departments.SelectMany(d => d.Problems()).ToList();
        problems.AddRange(catalogue.Departments
            .GroupBy(d => d.Id, StringComparer.Ordinal)
            .Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: the id is used {g.Count()} times."));
        return new DepartmentReadResult(catalogue.Departments, problems);
    }

    public static string Write(IEnumerable<DepartmentDefinition> departments) =>
        SeedFiles.Write(new DepartmentCatalogue { Departments = [.. departments] });

    /// <summary>The example organisation shipped inside the executable (from <c>seeds/departments.yaml</c>).</summary>
    public static string ReadEmbeddedSeeds() => SeedFiles.ReadEmbedded("departments.yaml");
}

public sealed record DepartmentReadResult(IReadOnlyList<DepartmentDefinition> Departments, IReadOnlyList<string> Problems);

public sealed class DepartmentDefinition
{
    public static readonly IReadOnlySet<string> Languages = new HashSet<string>(StringComparer.Ordinal) { "nb", "sv", "en" };

    public string Id { get; set; } = "";

    public string Name { get; set; } = "";

    public string Language { get; set; } = "nb";

    public string TimeZone { get; set; } = "Europe/Oslo";

    /// <summary>The coordinator's address: escalations of unacknowledged urgent alerts go there.</summary>
    public string? Coordinator { get; set; }

    /// <summary>e.g. <c>4h</c>, <c>30m</c>, <c>1d</c>; needs a coordinator.</summary>
    public string? EscalateAfter { get; set; }

    public List<RecipientDefinition> Recipients { get; set; } = [];

    public List<SubscriptionDefinition> Subscriptions { get; set; } = [];

    public IEnumerable<string> Problems()
    {
        var at = string.IsNullOrWhiteSpace(Id) ? "(department without id)" : Id;
        if (string.IsNullOrWhiteSpace(Id) || Id.Length > 100 || !Id.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
        {
            yield return $"{at}: id must be 1-100 characters of a-z, 0-9 and '-'.";
        }

        if (string.IsNullOrWhiteSpace(Name))
        {
            yield return $"{at}: name is required.";
        }

        if (!Languages.Contains(Language))
        {
            yield return $"{at}: language '{Language}' is not nb, sv or en.";
        }

        if (!TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out _))
        {
            yield return $"{at}: timeZone '{TimeZone}' is not a known time zone (use an IANA id such as Europe/Oslo).";
        }

        if (Coordinator is not null && !IsEmail(Coordinator))
        {
            yield return $"{at}: coordinator '{Coordinator}' is not an email address.";
        }

        if (EscalateAfter is not null && ParseDuration(EscalateAfter) is null)
        {
            yield return $"{at}: escalateAfter '{EscalateAfter}' is not a duration such as 30m, 4h or 1d.";
        }
        else if (EscalateAfter is not null && Coordinator is null)
        {
            yield return $"{at}: escalateAfter needs a coordinator to escalate to.";
        }

        if (Recipients.Count == 0)
        {
            yield return $"{at}: at least one recipient is required.";
        }

        foreach (var (r, i) in Recipients.Select((r, i) => (r, i + 1)))
        {
            foreach (var p in r.Problems())
            {
                yield return $"{at}: recipient {i}: {p}";
            }
        }

        foreach (var (s, i) in Subscriptions.Select((s, i) => (s, i + 1)))
        {
            foreach (var p in s.Problems())
            {
                yield return $"{at}: subscription {i}: {p}";
            }
        }
    }

    internal static bool IsEmail(string value) =>
        AdvisoryWatch.Notifications.Sending.Channels.Mail.MailAddresses.IsOne(value);

    /// <summary><c>90s</c>, <c>30m</c>, <c>4h</c>, <c>2d</c> or a .NET time span (<c>04:00:00</c>).</summary>
    public static TimeSpan? ParseDuration(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        text = text.Trim();
        if (text.Length > 1 && double.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n > 0)
        {
            TimeSpan? value = text[^1] switch
            {
                's' => TimeSpan.FromSeconds(n),
                'm' => TimeSpan.FromMinutes(n),
                'h' => TimeSpan.FromHours(n),
                'd' => TimeSpan.FromDays(n),
                _ => null,
            };
            if (value is not null)
            {
                return value;
            }
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) && span > TimeSpan.Zero ? span : null;
    }

    public static string FormatDuration(TimeSpan span) =>
        span.TotalDays >= 1 && span.TotalDays == Math.Floor(span.TotalDays) ? $"{span.TotalDays.ToString(CultureInfo.InvariantCulture)}d"
        : span.TotalHours >= 1 && span.TotalHours == Math.Floor(span.TotalHours) ? $"{span.TotalHours.ToString(CultureInfo.InvariantCulture)}h"
        : span.TotalMinutes == Math.Floor(span.TotalMinutes) ? $"{span.TotalMinutes.ToString(CultureInfo.InvariantCulture)}m"
        : $"{span.TotalSeconds.ToString(CultureInfo.InvariantCulture)}s";

    public static DepartmentDefinition From(Department department)
    {
        ArgumentNullException.ThrowIfNull(department);
        return new DepartmentDefinition
        {
            Id = department.Id,
            Name = department.Name,
            Language = department.Language,
            TimeZone = department.TimeZone,
            Coordinator = department.Recipients.FirstOrDefault(r => r.Role == RecipientRole.Coordinator)?.Address,
            EscalateAfter = department.EscalateAfter is { } e ? FormatDuration(e) : null,
            Recipients = [.. department.Recipients.Where(r => r.Role == RecipientRole.Member).OrderBy(r => r.Channel).ThenBy(r => r.Address, StringComparer.Ordinal).Select(RecipientDefinition.From)],
            Subscriptions = [.. department.Subscriptions.Select(SubscriptionDefinition.From)],
        };
    }
}

/// <summary>
/// An email recipient (<c>address</c>), a Teams channel (<c>teams</c>: a Workflows webhook URL) or
/// a webhook (<c>webhook</c>: a URL, with the <c>secret</c> that signs what is posted to it).
/// </summary>
public sealed class RecipientDefinition
{
    /// <summary>The shortest webhook secret accepted: 32 characters, as a random 24-byte base64 value has.</summary>
    public const int MinimumSecretLength = 32;

    public string? Address { get; set; }

    public string? Teams { get; set; }

    public string? Webhook { get; set; }

    /// <summary>The webhook's signing secret (HMAC-SHA256 key); required with <see cref="Webhook"/>.</summary>
    public string? Secret { get; set; }

    public string? Name { get; set; }

    public string? Language { get; set; }

    public string? TimeZone { get; set; }

    /// <summary>The channel the definition names (email when it names none, which <see cref="Problems"/> reports).</summary>
    public RecipientChannel ChosenChannel() => Teams is not null ? RecipientChannel.Teams : Webhook is not null ? RecipientChannel.Webhook : RecipientChannel.Email;

    public IEnumerable<string> Problems()
    {
        if (new[] { Address, Teams, Webhook }.Count(a => a is not null) != 1)
        {
            yield return "give one of address (email), teams (a Teams webhook URL) or webhook (a URL).";
        }
        else if (Address is not null && !DepartmentDefinition.IsEmail(Address))
        {
            yield return $"'{Address}' is not an email address.";
        }
        else if (Teams is not null && (!Uri.TryCreate(Teams, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http")))
        {
            // The URL is a secret: name the problem, not the value.
            yield return "teams is not an http(s) webhook URL.";
        }
        else if (Webhook is not null && (!Uri.TryCreate(Webhook, UriKind.Absolute, out var hook) || hook.Scheme is not ("https" or "http") || hook.UserInfo.Length > 0))
        {
            yield return "webhook is not an http(s) URL without user info.";
        }

        // The secret is a secret: say what is wrong with it, never what it is.
        if (Webhook is not null && (Secret is null || Secret.Length < MinimumSecretLength || Secret.Length > 200))
        {
            yield return $"a webhook needs a secret of {MinimumSecretLength} to 200 characters.";
        }
        else if (Webhook is null && Secret is not null)
        {
            yield return "secret belongs to a webhook recipient.";
        }

        if (Language is not null && !DepartmentDefinition.Languages.Contains(Language))
        {
            yield return $"language '{Language}' is not nb, sv or en.";
        }

        if (TimeZone is not null && !TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out _))
        {
            yield return $"timeZone '{TimeZone}' is not a known time zone.";
        }
    }

    public static RecipientDefinition From(Recipient recipient)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        return new RecipientDefinition
        {
            Address = recipient.Channel == RecipientChannel.Email ? recipient.Address : null,
            Teams = recipient.Channel == RecipientChannel.Teams ? recipient.Address : null,
            Webhook = recipient.Channel == RecipientChannel.Webhook ? recipient.Address : null,
            Secret = recipient.Channel == RecipientChannel.Webhook ? recipient.Secret : null,
            Name = recipient.Name,
            Language = recipient.Language,
            TimeZone = recipient.TimeZone,
        };
    }
}

public sealed class SubscriptionDefinition
{
    public List<string> Sources { get; set; } = [];

    public List<string> Topics { get; set; } = [];

    /// <summary>low, normal, high or urgent.</summary>
    public string MinimumSeverity { get; set; } = "low";

    /// <summary><c>immediate</c>, <c>daily HH:MM</c> or <c>weekly DAY HH:MM</c> (day in English, e.g. monday).</summary>
    public string Cadence { get; set; } = "immediate";

    public bool UrgentImmediately { get; set; } = true;

    public IEnumerable<string> Problems()
    {
        if (!Enum.TryParse<Severity>(MinimumSeverity, ignoreCase: true, out _) || int.TryParse(MinimumSeverity, out _))
        {
            yield return $"minimumSeverity '{MinimumSeverity}' is not low, normal, high or urgent.";
        }

        if (ParseCadence(Cadence) is null)
        {
            yield return $"cadence '{Cadence}' is not 'immediate', 'daily HH:MM' or 'weekly DAY HH:MM'.";
        }
    }

    public static (Cadence Cadence, TimeOnly? At, DayOfWeek? Day)? ParseCadence(string text)
    {
        var parts = (text ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts switch
        {
            ["immediate"] => (Departments.Cadence.Immediate, null, null),
            ["daily", var at] when TimeOnly.TryParseExact(at, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) => (Departments.Cadence.Daily, t, null),
            ["weekly", var day, var at] when Enum.TryParse<DayOfWeek>(day, ignoreCase: true, out var d) && !int.TryParse(day, out _)
                && TimeOnly.TryParseExact(at, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) => (Departments.Cadence.Weekly, t, d),
            _ => null,
        };
    }

    public static string FormatCadence(Subscription s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var at = s.DigestTime.ToString("HH:mm", CultureInfo.InvariantCulture);
        return s.Cadence switch
        {
            Departments.Cadence.Daily => $"daily {at}",
            Departments.Cadence.Weekly => $"weekly {(s.Day ?? DayOfWeek.Monday).ToString().ToLowerInvariant()} {at}",
            _ => "immediate",
        };
    }

    /// <summary>A list of sources or topics as a form and the audit log show it; "all" for none (it matches everything).</summary>
    public static string FormatList(IReadOnlyCollection<string> values) =>
        values.Count == 0 ? "all" : string.Join(", ", values);

    public static SubscriptionDefinition From(Subscription s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return new SubscriptionDefinition
        {
            Sources = [.. s.Sources],
            Topics = [.. s.Topics],
            MinimumSeverity = s.MinimumSeverity.ToString().ToLowerInvariant(),
            Cadence = FormatCadence(s),
            UrgentImmediately = s.UrgentImmediately,
        };
    }

    public Subscription ToEntity(string departmentId)
    {
        var (cadence, at, day) = ParseCadence(Cadence) ?? throw new InvalidOperationException($"Invalid cadence '{Cadence}'.");
        return new Subscription
        {
            Id = Guid.NewGuid(),
            DepartmentId = departmentId,
            Sources = [.. Sources],
            Topics = [.. Topics],
            MinimumSeverity = Enum.Parse<Severity>(MinimumSeverity, ignoreCase: true),
            Cadence = cadence,
            At = at,
            Day = day,
            UrgentImmediately = UrgentImmediately,
        };
    }
}
