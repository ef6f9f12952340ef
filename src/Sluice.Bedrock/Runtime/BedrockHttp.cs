using System.Net;
using System.Net.Sockets;

namespace Sluice.Bedrock.Runtime;

/// <summary>The process-wide pooled HTTP handler for Bedrock, STS and the control plane.</summary>
internal static class BedrockHttp
{
    /// <summary>Set to <c>2</c> to ask Bedrock for HTTP/2 (negotiated over TLS; HTTP/1.1 when the server does not offer it).</summary>
    public const string VersionVariable = "SLUICE_BEDROCK_HTTP_VERSION";

    /// <summary>
    /// The HTTP version of requests to Bedrock: HTTP/1.1 on pooled connections unless <see cref="VersionVariable"/> is 2.
    /// </summary>
    /// <remarks>
    /// Measured against a TLS mock on 2 cores (bench/README.md, "HTTP/1.1 or HTTP/2 to the upstream"): .NET's HTTP/2
    /// client added about 0.4 ms to every call at one connection and a third more CPU per request at 16, because its
    /// frames go through a writer loop and a reader loop on one shared connection. HTTP/1.1 costs one TLS handshake per
    /// pooled connection, kept for two minutes, so the handshake stays off the per-request path either way.
    /// </remarks>
    public static Version RequestVersion { get; } = ParseVersion(Environment.GetEnvironmentVariable(VersionVariable)) ?? HttpVersion.Version11;

    /// <summary>The version a <see cref="VersionVariable"/> value names (unset or blank: 1.1); null when it names none.</summary>
    public static Version? ParseVersion(string? value) => value?.Trim() switch
    {
        null or "" or "1.1" or "1" => HttpVersion.Version11,
        "2" or "2.0" => HttpVersion.Version20,
        _ => null,
    };

    /// <summary>
    /// Pooled connections recycled every 2 minutes (DNS changes are picked up), no automatic decompression, several HTTP/2
    /// connections when <see cref="RequestVersion"/> asks for HTTP/2, and <c>*.localhost</c> sent to 127.0.0.1 (RFC 6761;
    /// the system resolver often doesn't).
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
