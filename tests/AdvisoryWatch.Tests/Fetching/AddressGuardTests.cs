using System.Net;
using AdvisoryWatch.Fetching;

namespace AdvisoryWatch.Tests.Fetching;

public class AddressGuardTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.8.9.10")]
    [InlineData("0.0.0.0")]
    [InlineData("10.1.2.3")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.254")]
    [InlineData("192.168.1.1")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")]
    [InlineData("100.100.100.200")]
    [InlineData("224.0.0.1")]
    [InlineData("255.255.255.255")]
    [InlineData("::1")]
    [InlineData("::")]
    [InlineData("::ffff:169.254.169.254")]
    [InlineData("::ffff:a9fe:a9fe")]
    [InlineData("::169.254.169.254")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("fd00::1")]
    [InlineData("fc00::1")]
    [InlineData("fe80::1")]
    [InlineData("ff02::1")]
    [InlineData("64:ff9b::a9fe:a9fe")]
    [InlineData("2002:7f00:1::1")]
    public void Blocks_addresses_no_authority_website_can_have(string address)
    {
        Assert.True(AddressGuard.IsBlocked(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("185.14.184.14")]
    [InlineData("8.8.8.8")]
    [InlineData("100.128.0.1")]
    [InlineData("172.32.0.1")]
    [InlineData("2a02:c7f:1234::1")]
    [InlineData("::ffff:8.8.8.8")]
    public void Lets_public_addresses_through(string address)
    {
        Assert.False(AddressGuard.IsBlocked(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("10.20.0.0/16", true)]
    [InlineData("fd00::/8", true)]
    [InlineData("intranet.oslo.kommune.no", true)]
    [InlineData("intranet.example:8443", true)]
    [InlineData("[fd00::1]:8080", true)]
    [InlineData("10.0.0.0/33", false)]
    [InlineData("host:99999", false)]
    [InlineData("", false)]
    [InlineData("bad host", false)]
    public void Parses_allow_list_entries(string entry, bool valid)
    {
        Assert.Equal(valid, AllowedNetworks.TryParseEntry(entry, out _));
    }

    [Fact]
    public void An_allow_list_opens_exactly_what_it_names()
    {
        var allowed = new AllowedNetworks(["10.20.0.0/16", "intranet.example:8443"]);
        Assert.True(allowed.Allows(IPAddress.Parse("10.20.3.4")));
        Assert.False(allowed.Allows(IPAddress.Parse("10.21.3.4")));
        Assert.True(allowed.Allows("INTRANET.example", 8443));
        Assert.False(allowed.Allows("intranet.example", 443));
    }

    [Fact]
    public void A_redirect_from_https_to_http_is_refused()
    {
        Assert.NotNull(HttpFetcher.RefuseRedirect(new Uri("https://nsm.no/a"), new Uri("http://nsm.no/a")));
        Assert.Null(HttpFetcher.RefuseRedirect(new Uri("http://nsm.no/a"), new Uri("https://nsm.no/a")));
    }
}
