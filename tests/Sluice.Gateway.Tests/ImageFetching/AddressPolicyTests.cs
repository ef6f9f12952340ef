using System.Net;
using Sluice.Gateway.ImageFetching;

namespace Sluice.Gateway.Tests.ImageFetching;

public sealed class AddressPolicyTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    [InlineData("10.0.0.1")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.1.1")]
    [InlineData("100.64.0.1")]
    [InlineData("169.254.169.254")]
    [InlineData("0.0.0.0")]
    [InlineData("224.0.0.1")]
    [InlineData("255.255.255.255")]
    [InlineData("fc00::1")]
    [InlineData("fe80::1")]
    [InlineData("ff02::1")]
    [InlineData("::")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("::ffff:127.0.0.1")]
    public void Refusal_NonPublicAddress_IsRefused(string address) =>
        Assert.NotNull(AddressPolicy.Refusal(IPAddress.Parse(address), allowLoopback: false));

    [Theory]
    [InlineData("93.184.216.34")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("2606:2800:220:1:248:1893:25c8:1946")]
    public void Refusal_PublicAddress_IsAllowed(string address) =>
        Assert.Null(AddressPolicy.Refusal(IPAddress.Parse(address), allowLoopback: false));

    [Fact]
    public void Refusal_LoopbackWhenAllowed_IsAllowedButPrivateStillIsNot()
    {
        Assert.Null(AddressPolicy.Refusal(IPAddress.Loopback, allowLoopback: true));
        Assert.NotNull(AddressPolicy.Refusal(IPAddress.Parse("192.168.0.1"), allowLoopback: true));
    }
}
