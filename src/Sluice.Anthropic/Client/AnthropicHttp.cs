using System.Net;

namespace Sluice.Anthropic.Client;

/// <summary>The process's one pooled HTTP handler for Anthropic: connections are reused across accounts and snapshots.</summary>
public static class AnthropicHttp
{
    private static readonly Lazy<HttpMessageInvoker> Shared = new(() => new HttpMessageInvoker(CreateHandler(), disposeHandler: false));

    /// <summary>The shared invoker.</summary>
    public static HttpMessageInvoker Invoker => Shared.Value;

    /// <summary>A handler tuned for long streamed answers: no overall timeout (streams are cancelled by the caller), pooled connections recycled every few minutes so DNS changes are seen.</summary>
    public static SocketsHttpHandler CreateHandler() => new()
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
        ConnectTimeout = TimeSpan.FromSeconds(10),
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
        AllowAutoRedirect = false,
        EnableMultipleHttp2Connections = true,
    };
}
