using System.Net;
using System.Net.Sockets;

namespace Sluice.Bedrock.Runtime;

/// <summary>The process-wide pooled HTTP handler for Bedrock, STS and the control plane.</summary>
internal static class BedrockHttp
{
    /// <summary>
    /// Pooled connections recycled every 2 minutes (DNS changes are picked up), no automatic decompression, HTTP/2 where
    /// the server offers it over TLS, and <c>*.localhost</c> sent to 127.0.0.1 (RFC 6761; the system resolver often doesn't).
    /// </summary>
    public static SocketsHttpHandler CreateHandler() => new()
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(60),
        AutomaticDecompression = DecompressionMethods.None,
        EnableMultipleHttp2Connections = true,
        ConnectTimeout = TimeSpan.FromSeconds(10),
        UseCookies = false,
        AllowAutoRedirect = false,
        ConnectCallback = ConnectAsync,
    };

    internal static bool IsLocalhost(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase);

    private static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var target = context.DnsEndPoint;
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            if (IsLocalhost(target.Host))
            {
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, target.Port), ct).ConfigureAwait(false);
            }
            else
            {
                await socket.ConnectAsync(target, ct).ConfigureAwait(false);
            }

            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
