using System.ComponentModel.DataAnnotations;

namespace AdvisoryWatch.Notifications;

/// <summary><c>AdvisoryWatch:Notifications:*</c>: how deliveries are planned, sent and retried.</summary>
public sealed class NotificationsOptions : IValidatableObject
{
    public const string Section = "AdvisoryWatch:Notifications";

    /// <summary>The address recipients reach this instance at: unsubscribe and acknowledge links start with it.</summary>
    [Required]
    public Uri PublicBaseUrl { get; set; } = new("http://localhost:5000/");

    /// <summary>
    /// The HMAC key (base64, at least 32 bytes) that signs unsubscribe and acknowledge links. When
    /// empty, a random key is made once and kept in the database, so every node signs alike.
    /// </summary>
    public string? SigningKey { get; set; }

    /// <summary>Messages in flight at once on one worker (each SMTP connection sends one at a time).</summary>
    [Range(1, 256)]
    public int SendConcurrency { get; set; } = 8;

    /// <summary>Rows a worker claims at a time.</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 200;

    /// <summary>How long a claimed row stays with its worker; a crashed worker's rows are sent again after it.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "01:00:00")]
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often a worker looks for due rows when nothing wakes it.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan SendInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The first retry after a temporary refusal; doubled per attempt up to <see cref="RetryMax"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan RetryInitial { get; set; } = TimeSpan.FromMinutes(1);

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan RetryMax { get; set; } = TimeSpan.FromHours(1);

    /// <summary>A delivery still refused this long after it was planned is marked failed.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan GiveUpAfter { get; set; } = TimeSpan.FromDays(2);

    /// <summary>Consecutive temporary failures, with no success between, that mean the relay itself is down.</summary>
    [Range(1, 1_000)]
    public int RelayDownAfter { get; set; } = 3;

    /// <summary>While the relay is down, one message probes it this often; nothing else is tried.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan RelayProbeInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often the scheduler builds due digests and escalates unacknowledged urgent alerts.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")]
    public TimeSpan TickInterval { get; set; } = TimeSpan.FromSeconds(30);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!PublicBaseUrl.IsAbsoluteUri || PublicBaseUrl.Scheme is not ("http" or "https"))
        {
            yield return new ValidationResult("PublicBaseUrl must be an absolute http(s) URL.", [nameof(PublicBaseUrl)]);
        }

        if (!string.IsNullOrEmpty(SigningKey) && (!IsBase64(SigningKey, out var length) || length < 32))
        {
            yield return new ValidationResult("SigningKey must be base64 of at least 32 bytes.", [nameof(SigningKey)]);
        }

        if (RetryMax < RetryInitial)
        {
            yield return new ValidationResult("RetryMax must not be shorter than RetryInitial.", [nameof(RetryMax)]);
        }
    }

    private static bool IsBase64(string text, out int length)
    {
        var buffer = new byte[text.Length];
        var ok = Convert.TryFromBase64String(text, buffer, out length);
        return ok;
    }

    /// <summary>An absolute link under <see cref="PublicBaseUrl"/>.</summary>
    public Uri Link(string relative) =>
        new(new Uri(PublicBaseUrl.AbsoluteUri.EndsWith('/') ? PublicBaseUrl.AbsoluteUri : PublicBaseUrl.AbsoluteUri + "/"), relative);
}
