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
    [InlineData("::ffff:0:7f00:1")]                    // SIIT's IPv4-translated form of 127.0.0.1
    [InlineData("::ffff:0:a9fe:a9fe")]                 // ... of 169.254.169.254
    [InlineData("::ffff:0:808:808")]                   // ... of a public address: no authority is reached this way
    [InlineData("2001:0:4136:e378:8000:63bf:3fff:fdd2")] // Teredo: a tunnel to an IPv4 host behind NAT
    [InlineData("2001::1")]
    [InlineData("2001:0:ffff:ffff:ffff:ffff:ffff:ffff")]
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
    [InlineData("2001:4860:4860::8888")]
    [InlineData("2001:67c:2e8::1")]
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

    [Theory]
    [InlineData("0.0.0.0/0")]
    [InlineData("::/0")]
    [InlineData("0.0.0.0/1")]
    [InlineData("128.0.0.0/1")]
    [InlineData("192.0.0.0/8")]
    [InlineData("2000::/3")]
    [InlineData("::/8")]
    public void An_allowed_network_spanning_several_blocked_ranges_is_refused(string network)
    {
        var result = new FetchOptionsValidator().Validate(null, new FetchOptions { AllowedNetworks = [network] });

        Assert.True(result.Failed);
        Assert.Contains($"'{network}' spans", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("10.0.0.0/8")]
    [InlineData("10.20.0.0/16")]
    [InlineData("172.16.0.0/12")]
    [InlineData("192.168.0.0/16")]
    [InlineData("127.0.0.0/8")]
    [InlineData("fc00::/7")]
    [InlineData("fd00::/8")]
    [InlineData("11.0.0.0/8")]
    [InlineData("intranet.example:8443")]
    public void An_allowed_network_naming_one_intranet_is_accepted(string network)
    {
        Assert.True(new FetchOptionsValidator().Validate(null, new FetchOptions { AllowedNetworks = [network] }).Succeeded);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(65536)]
    public void An_allowed_port_outside_1_to_65535_is_refused(int port)
    {
        var result = new FetchOptionsValidator().Validate(null, new FetchOptions { AllowedPorts = [80, port] });

        Assert.True(result.Failed);
        Assert.Contains($"AllowedPorts: {port} is not a port", result.FailureMessage, StringComparison.Ordinal);
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
