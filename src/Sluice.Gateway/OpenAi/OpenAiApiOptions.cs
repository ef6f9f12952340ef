namespace Sluice.Gateway.OpenAi;

/// <summary>Limits of the OpenAI-compatible data plane.</summary>
public sealed class OpenAiApiOptions
{
    /// <summary>Largest request body accepted; larger bodies get a 413. Images in data URLs count here.</summary>
    public long MaxRequestBodyBytes { get; set; } = 32 * 1024 * 1024;

    /// <summary>
    /// A streamed chat answer that has been silent this long gets an SSE comment (<c>: keep-alive</c>), also before
    /// the first chunk, so proxies do not cut it while a reasoning model thinks. Zero turns keep-alives off.
    /// </summary>
    public TimeSpan StreamKeepAliveInterval { get; set; } = TimeSpan.FromSeconds(15);
}
