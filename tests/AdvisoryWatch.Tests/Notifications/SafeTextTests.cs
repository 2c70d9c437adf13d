using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using AdvisoryWatch.Notifications.Rendering;

namespace AdvisoryWatch.Tests.Notifications;

public sealed class SafeTextTests
{
    [Fact]
    public void A_lone_surrogate_becomes_a_replacement_character_and_an_emoji_stays_whole() =>
        Assert.Equal("a \uFFFD b \U0001F600", SafeText.OneLine("a \uD800 b\r\n\U0001F600", 50));

    [Fact]
    public void An_emoji_is_never_cut_in_half()
    {
        var cut = SafeText.OneLine(new string('x', 8) + "\U0001F600\U0001F600", 10);

        Assert.Equal(new string('x', 8) + "…", cut);
    }

    [Fact]
    public void White_space_only_is_empty() =>
        Assert.Equal(string.Empty, SafeText.OneLine(" \t\r\n\u2028\u00A0 ", 10));

    [Theory]
    [InlineData("https://nsm.no/a", true)]
    [InlineData("http://nsm.no/a", true)]
    [InlineData("javascript:alert(1)", false)]
    [InlineData("data:text/html,x", false)]
    [InlineData("mailto:x@example.org", false)]
    [InlineData("ftp://example.org/x", false)]
    public void Only_http_and_https_are_web_links(string url, bool expected) =>
        Assert.Equal(expected, SafeText.IsWebLink(new Uri(url)));

    [Theory]
    [InlineData("Blåbær & brødskiver <b>\"sitat\"</b> 'x' + y")]
    [InlineData("Säkerhet: åtgärd ÅÄÖ éü ß")]
    [InlineData("Уязвимость 😀 \u00AD soft\u00A0nbsp \u0085 \u2028 \u202E")]
    [InlineData("plain ascii only")]
    [InlineData("<<&&>>")]
    [InlineData("")]
    public void Html_encoding_matches_the_web_encoder_whichever_road_it_takes(string value)
    {
        var builder = new StringBuilder();
        SafeText.AppendHtml(builder, value);

        Assert.Equal(HtmlEncoder.Create(UnicodeRanges.All).Encode(value), builder.ToString());
    }
}
