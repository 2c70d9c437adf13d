using AdvisoryWatch.Access.Accounts;

namespace AdvisoryWatch.Tests.Access;

public class PasswordRulesTests
{
    private static readonly AccountsOptions Defaults = new();

    [Theory]
    [InlineData("granite otter whistles softly")]
    [InlineData("lowercaseonlybutlongenough")]
    [InlineData("Tr0ub4dor&3 is a horse")]
    [InlineData("8264 1937 5521 0486")]
    [InlineData("fjordbåt på glatt is")]
    public void Long_passwords_pass_without_any_composition_rule(string password) =>
        Assert.Empty(PasswordRules.Check(password, "kari@example.org", Defaults));

    [Theory]
    [InlineData("Sh0rt&Strong!", "at least 15")]
    [InlineData("passwordpassword", "too common")]
    [InlineData("Password1234567!", "too common")]
    [InlineData("P@ssw0rd12345678!", "too common")]
    [InlineData("iloveyou12345678", "too common")]
    [InlineData("qwertyuiopasdfgh", "too common")]
    [InlineData("Welcome2AdvisoryWatch", "too common")]
    [InlineData("aaaaaaaaaaaaaaaaaa", "repetitive")]
    [InlineData("abababababababab", "repetitive")]
    [InlineData("1234567890123456", "repetitive")]
    [InlineData("zyxwvutsrqponmlk", "repetitive")]
    [InlineData("kari is my own name here", "address")]
    public void Short_common_repetitive_or_personal_passwords_are_refused(string password, string reason) =>
        Assert.Contains(PasswordRules.Check(password, "kari@example.org", Defaults), e => e.Contains(reason, StringComparison.Ordinal));

    [Fact]
    public void The_maximum_is_at_least_64_characters()
    {
        var passphrase = string.Join(' ', Enumerable.Repeat("pine cone ridge", 5)) + " and more";
        Assert.True(passphrase.Length > 64);
        Assert.Empty(PasswordRules.Check(passphrase, "kari@example.org", Defaults));
        Assert.Contains(PasswordRules.Check(new string('q', 100) + string.Concat(Enumerable.Range(0, 200).Select(i => (char)('a' + (i * 7 % 26)))), null, Defaults), e => e.Contains("at most", StringComparison.Ordinal));
    }
}
