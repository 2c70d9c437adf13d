using System.ComponentModel.DataAnnotations;

namespace AdvisoryWatch.Access.Accounts;

/// <summary><c>AdvisoryWatch:Auth:Accounts:*</c>: local accounts, sessions and sign-in limits.</summary>
public sealed class AccountsOptions : IValidatableObject
{
    public const string Section = "AdvisoryWatch:Auth:Accounts";

    /// <summary>
    /// Shortest password accepted. NIST SP 800-63B asks for at least 15 characters for a password
    /// that is the only factor, and length instead of composition rules.
    /// </summary>
    [Range(8, 64)]
    public int PasswordMinimumLength { get; set; } = 15;

    /// <summary>Longest password accepted (at least 64, so that passphrases and generated passwords fit).</summary>
    [Range(64, 1024)]
    public int PasswordMaximumLength { get; set; } = 256;

    /// <summary>Failed passwords or codes in a row that lock an account.</summary>
    [Range(1, 100)]
    public int LockoutThreshold { get; set; } = 5;

    /// <summary>How long a locked account stays locked.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Sign-in attempts (password or second-factor code) one client address may make in <see cref="SignInWindow"/>.</summary>
    [Range(1, 10_000)]
    public int SignInAttemptsPerAddress { get; set; } = 20;

    /// <summary>Sign-in attempts for one account name in <see cref="SignInWindow"/>, from anywhere.</summary>
    [Range(1, 10_000)]
    public int SignInAttemptsPerAccount { get; set; } = 10;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan SignInWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A session ends after this long without a request.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>
    /// How often a session is checked against its account: a disabled account, a new role or
    /// new departments apply to its open sessions within this time (zero: on every request).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan SessionRevalidation { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long the one-time set-password link printed by <c>users add</c> stays valid.</summary>
    [Range(typeof(TimeSpan), "00:05:00", "7.00:00:00")]
    public TimeSpan SetPasswordLinkLifetime { get; set; } = TimeSpan.FromHours(24);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (PasswordMaximumLength < PasswordMinimumLength)
        {
            yield return new ValidationResult("PasswordMaximumLength must not be shorter than PasswordMinimumLength.", [nameof(PasswordMaximumLength)]);
        }
    }
}
