using System.Net;
using System.Net.Sockets;

namespace Sluice.Gateway.ImageFetching;

/// <summary>
/// Decides which resolved addresses the gateway may connect to when fetching images: public unicast only, so a
/// caller cannot make the gateway reach its own host, the private network or a cloud metadata endpoint.
/// </summary>
internal static class AddressPolicy
{
    /// <summary>Null when the address may be used; otherwise why not.</summary>
    public static string? Refusal(IPAddress address, bool allowLoopback)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address))
        {
            return allowLoopback ? null : "it resolves to a loopback address";
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            Span<byte> b = stackalloc byte[4];
            address.TryWriteBytes(b, out _);
            if (b[0] == 0) return "it resolves to an unspecified address";
            if (b[0] == 10 || (b[0] == 172 && (b[1] & 0xF0) == 16) || (b[0] == 192 && b[1] == 168))
                return "it resolves to a private network address";
            if (b[0] == 100 && (b[1] & 0xC0) == 64) return "it resolves to a shared (carrier-grade NAT) address";
            if (b[0] == 169 && b[1] == 254) return "it resolves to a link-local address (such as the cloud metadata endpoint)";
            if (b[0] >= 224 && b[0] <= 239) return "it resolves to a multicast address";
            if (b[0] >= 240) return "it resolves to a reserved or broadcast address";
            return null;
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            if (address.Equals(IPAddress.IPv6Any)) return "it resolves to an unspecified address";
            Span<byte> b = stackalloc byte[16];
            address.TryWriteBytes(b, out _);
            if ((b[0] & 0xFE) == 0xFC) return "it resolves to a private network address";
            if (b[0] == 0xFE && (b[1] & 0xC0) == 0x80) return "it resolves to a link-local address";
            if (b[0] == 0xFF) return "it resolves to a multicast address";
            // NAT64 / 6to4 embeddings could smuggle a private IPv4 address; refuse the well-known prefixes outright.
            if (b[0] == 0x20 && b[1] == 0x02) return "it resolves to a 6to4 address";
            if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xFF && b[3] == 0x9B) return "it resolves to a NAT64 address";
            return null;
        }

        return "its address family is not supported";
    }
}
