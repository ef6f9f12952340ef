using System.Net;
using System.Net.Sockets;

namespace Sluice.Bedrock.Emulator;

/// <summary>
/// Connects "*.localhost" hosts (RFC 6761) to 127.0.0.1: this machine's resolver does not map subdomains of localhost,
/// so clients using the emulator's endpoint templates plug <see cref="ConnectAsync"/> into SocketsHttpHandler.ConnectCallback.
/// </summary>
public static class LocalhostConnector
{
    /// <summary>A ConnectCallback: *.localhost and localhost go to 127.0.0.1, other hosts resolve normally.</summary>
    public static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var endpoint = context.DnsEndPoint;
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            if (IsLocalhost(endpoint.Host))
            {
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, endpoint.Port), cancellationToken);
            }
            else
            {
                await socket.ConnectAsync(endpoint, cancellationToken);
            }

            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>A handler whose connections honour *.localhost; HTTP/2 without TLS works with RequestVersionExact.</summary>
    public static SocketsHttpHandler CreateHandler() => new() { ConnectCallback = ConnectAsync };

    /// <summary>True for "localhost" and any "*.localhost" host name.</summary>
    public static bool IsLocalhost(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase);
}
