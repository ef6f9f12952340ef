using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;

namespace Sluice.Gateway.Hosting;

/// <summary>The address the gateway listens on: parsing <c>--host</c>, the URLs to print, and bind failures in one line.</summary>
public static class ListenAddress
{
    /// <summary>Parses an IP address (<c>0.0.0.0</c>, <c>127.0.0.1</c>, <c>::</c>, <c>::1</c>, ...) or <c>localhost</c> (= 127.0.0.1).</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out IPAddress? address)
    {
        address = null;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var trimmed = text.Trim();
        if (trimmed.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            // Kestrel's own "localhost" binds two sockets and refuses port 0; one IPv4 loopback is simpler to reason about.
            address = IPAddress.Loopback;
            return true;
        }

        return IPAddress.TryParse(trimmed.Trim('[', ']'), out address);
    }

    /// <summary>True for 0.0.0.0 and ::, which accept connections on every interface.</summary>
    public static bool IsWildcard(IPAddress address) => address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any);

    /// <summary>The URL of what is bound, e.g. <c>http://0.0.0.0:8080</c> or <c>http://[::1]:8080</c>.</summary>
    public static string ListenUrl(IPAddress address, int port) => $"http://{HostText(address)}:{port}";

    /// <summary>A URL a client on this machine can call: a wildcard becomes the loopback address of its family.</summary>
    public static string ClientUrl(IPAddress address, int port) => ListenUrl(
        IsWildcard(address) ? (address.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Loopback : IPAddress.Loopback) : address,
        port);

    /// <summary>The start banner: what is bound, and the OpenAI base URL to use from this machine.</summary>
    public static IReadOnlyList<string> Banner(IPAddress address, int port)
    {
        if (!IsWildcard(address))
        {
            return [$"Sluice gateway listening on {ListenUrl(address, port)}", $"OpenAI base URL: {ClientUrl(address, port)}/v1"];
        }

        var scope = address.AddressFamily == AddressFamily.InterNetworkV6 ? "every interface" : "every IPv4 interface";
        return
        [
            $"Sluice gateway listening on {ListenUrl(address, port)} ({scope}; --host 127.0.0.1 accepts local connections only)",
            $"OpenAI base URL: {ClientUrl(address, port)}/v1 (from this machine; from elsewhere, use this machine's address)",
        ];
    }

    /// <summary>
    /// One line for a failure to bind (port in use, not allowed, address not on this machine), or null when
    /// <paramref name="error"/> is something else.
    /// </summary>
    public static string? DescribeBindFailure(Exception error, IPAddress address, int port)
    {
        var host = address.ToString();
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e is AddressInUseException)
            {
                return $"port {port} is already in use on {host}; choose another with --port";
            }

            if (e is SocketException socket)
            {
                return socket.SocketErrorCode switch
                {
                    SocketError.AddressAlreadyInUse => $"port {port} is already in use on {host}; choose another with --port",
                    SocketError.AccessDenied => $"not allowed to listen on port {port} of {host} (ports below 1024 need extra privileges); choose another with --port",
                    SocketError.AddressNotAvailable => $"{host} is not an address of this machine; choose another with --host",
                    _ => $"cannot listen on {ListenUrl(address, port)}: {socket.Message}",
                };
            }
        }

        return null;
    }

    private static string HostText(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
}
