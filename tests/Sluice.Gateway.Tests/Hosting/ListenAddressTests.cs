using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Sluice.Gateway.Hosting;

namespace Sluice.Gateway.Tests.Hosting;

public sealed class ListenAddressTests
{
    [Theory]
    [InlineData("0.0.0.0", "0.0.0.0")]
    [InlineData("127.0.0.1", "127.0.0.1")]
    [InlineData("localhost", "127.0.0.1")]
    [InlineData("LOCALHOST", "127.0.0.1")]
    [InlineData("::", "::")]
    [InlineData("[::1]", "::1")]
    public void TryParse_AddressOrLocalhost_ReturnsAddress(string text, string expected)
    {
        Assert.True(ListenAddress.TryParse(text, out var address));
        Assert.Equal(IPAddress.Parse(expected), address);
    }

    [Theory]
    [InlineData("")]
    [InlineData("example.com")]
    [InlineData("http://0.0.0.0")]
    public void TryParse_NotAnAddress_ReturnsFalse(string text) => Assert.False(ListenAddress.TryParse(text, out _));

    [Fact]
    public void Banner_EveryInterface_SaysSoAndGivesALocalClientUrl()
    {
        var banner = ListenAddress.Banner(IPAddress.Any, 8080);

        Assert.StartsWith("Sluice gateway listening on http://0.0.0.0:8080 (every IPv4 interface;", banner[0], StringComparison.Ordinal);
        Assert.StartsWith("OpenAI base URL: http://127.0.0.1:8080/v1 (from this machine", banner[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Banner_OneAddress_PrintsExactlyThatAddress()
    {
        Assert.Equal(["Sluice gateway listening on http://127.0.0.1:9000", "OpenAI base URL: http://127.0.0.1:9000/v1"],
            ListenAddress.Banner(IPAddress.Loopback, 9000));
        Assert.Equal(["Sluice gateway listening on http://[::1]:9000", "OpenAI base URL: http://[::1]:9000/v1"],
            ListenAddress.Banner(IPAddress.IPv6Loopback, 9000));
    }

    [Fact]
    public void ClientUrl_IPv6Wildcard_UsesIPv6Loopback() =>
        Assert.Equal("http://[::1]:8080", ListenAddress.ClientUrl(IPAddress.IPv6Any, 8080));

    [Fact]
    public void DescribeBindFailure_AddressInUse_OneLineNamingPortAndAddress()
    {
        var kestrelError = new IOException("Failed to bind to address http://127.0.0.1:8080: address already in use.",
            new AddressInUseException("Address already in use", new SocketException((int)SocketError.AddressAlreadyInUse)));

        var message = ListenAddress.DescribeBindFailure(kestrelError, IPAddress.Loopback, 8080);

        Assert.Equal("port 8080 is already in use on 127.0.0.1; choose another with --port", message);
    }

    [Fact]
    public void DescribeBindFailure_AddressNotOnThisMachine_PointsAtHost()
    {
        var error = new IOException("Failed to bind", new SocketException((int)SocketError.AddressNotAvailable));

        var message = ListenAddress.DescribeBindFailure(error, IPAddress.Parse("10.9.9.9"), 8080);

        Assert.Equal("10.9.9.9 is not an address of this machine; choose another with --host", message);
    }

    [Fact]
    public void DescribeBindFailure_OtherError_ReturnsNull() =>
        Assert.Null(ListenAddress.DescribeBindFailure(new InvalidOperationException("x"), IPAddress.Loopback, 8080));
}
