using System.Collections.Frozen;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace AdvisoryWatch.Access.Accounts;

/// <summary>
/// Password rules after NIST SP 800-63B: length, not composition (no "a digit and a symbol"), a
/// generous maximum, and a refusal of what attackers try first — common and breached passwords
/// (a small list shipped with the product), repetitive or sequential characters, and the
/// account's own address. Identity's composition rules are all switched off beside this.
/// </summary>
internal sealed class PasswordRules(IOptions<AccountsOptions> options) : IPasswordValidator<Account>
{
    private const int ShortestWordPart = 4;

    private static readonly FrozenSet<string> Common = LoadCommon();

    public Task<IdentityResult> ValidateAsync(UserManager<Account> manager, Account user, string? password)
    {
        ArgumentNullException.ThrowIfNull(user);
        var errors = Problems(password ?? string.Empty, user.Email, options.Value)
            .Select(p => new IdentityError { Code = p.Code, Description = p.Description })
            .ToArray();
        return Task.FromResult(errors.Length == 0 ? IdentityResult.Success : IdentityResult.Failed(errors));
    }

    /// <summary>Why the password is refused; empty when it is accepted.</summary>
    internal static IEnumerable<string> Check(string password, string? email, AccountsOptions rules) =>
        Problems(password, email, rules).Select(p => p.Description);

    /// <summary>
    /// Why the password is refused, each with its code (the set-password page's text key, which
    /// says the same in the reader's language; the minimum or maximum length is its argument).
    /// </summary>
    internal static IEnumerable<(string Code, string Description)> Problems(string password, string? email, AccountsOptions rules)
    {
        var length = new StringInfo(password).LengthInTextElements;
        if (length < rules.PasswordMinimumLength)
        {
            yield return ("PasswordTooShort", $"The password must be at least {rules.PasswordMinimumLength} characters long; a few words make a good one.");
            yield break;
        }

        if (length > rules.PasswordMaximumLength)
        {
            yield return ("PasswordTooLong", $"The password must be at most {rules.PasswordMaximumLength} characters long.");
            yield break;
        }

        var lower = password.Normalize(NormalizationForm.FormKC).ToLowerInvariant();
        if (Common.Contains(lower) || IsCommonWords(Letters(lower, leet: false)) || IsCommonWords(Letters(lower, leet: true)))
        {
            yield return ("PasswordCommon", "The password is too common: it is, or is built from, a password attackers try first.");
        }
        else if (IsRepetitiveOrSequential(lower))
        {
            yield return ("PasswordRepetitive", "The password is repetitive or sequential (like aaaa or 1234).");
        }

        if (email is { Length: > 0 } && ContainsOwnAddress(lower, email.ToLowerInvariant()))
        {
            yield return ("PasswordContainsAddress", "The password must not contain the account's address.");
        }
    }

    private static bool ContainsOwnAddress(string password, string email)
    {
        var local = email.Split('@')[0];
        return password.Contains(email, StringComparison.Ordinal)
            || (local.Length >= ShortestWordPart && password.Contains(local, StringComparison.Ordinal));
    }

    /// <summary>Few distinct characters, or mostly steps of one (abcd, 4321) and repeats.</summary>
    private static bool IsRepetitiveOrSequential(string password)
    {
        if (password.Distinct().Count() < 5)
        {
            return true;
        }

        var steps = 0;
        for (var i = 1; i < password.Length; i++)
        {
            if (Math.Abs(password[i] - password[i - 1]) <= 1)
            {
                steps++;
            }
        }

        return steps * 4 >= (password.Length - 1) * 3;
    }

    /// <summary>
    /// The letters alone; with <paramref name="leet"/>, digits and symbols that stand for letters
    /// read as them, within the word (the digits and symbols around it, as in <c>word123!</c>, go).
    /// </summary>
    private static string Letters(string password, bool leet)
    {
        var sb = new StringBuilder(password.Length);
        var start = 0;
        var end = password.Length;
        while (leet && start < end && !char.IsLetter(password[start]))
        {
            start++;
        }

        while (leet && end > start && !char.IsLetter(password[end - 1]))
        {
            end--;
        }

        foreach (var c in password.AsSpan(start, end - start))
        {
            var read = leet ? c switch
            {
                '0' => 'o',
                '1' or '!' => 'i',
                '3' => 'e',
                '4' or '@' => 'a',
                '5' or '$' => 's',
                '7' => 't',
                _ => c,
            } : c;
            if (char.IsLetter(read))
            {
                sb.Append(read);
            }
        }

        return sb.ToString();
    }

    /// <summary>The text is nothing but listed words one after another (passwordpassword, iloveyou).</summary>
    private static bool IsCommonWords(string letters)
    {
        if (letters.Length == 0)
        {
            return false;
        }

        // reachable[i]: letters[..i] splits into listed words.
        var reachable = new bool[letters.Length + 1];
        reachable[0] = true;
        for (var end = 1; end <= letters.Length; end++)
        {
            for (var start = 0; start < end && !reachable[end]; start++)
            {
                reachable[end] = reachable[start] && Common.Contains(letters[start..end]);
            }
        }

        return reachable[letters.Length];
    }

    private static FrozenSet<string> LoadCommon()
    {
        using var stream = typeof(PasswordRules).Assembly.GetManifestResourceStream("AdvisoryWatch.common-passwords.txt")
            ?? throw new InvalidOperationException("The common password list is not embedded.");
        using var reader = new StreamReader(stream);
        var words = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && !line.StartsWith('#'))
            {
                words.Add(line.Trim().Normalize(NormalizationForm.FormKC));
            }
        }

        return words.ToFrozenSet(StringComparer.Ordinal);
    }
}
