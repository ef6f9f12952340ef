namespace Sluice.Gateway.OpenAi;

/// <summary>Limits of the OpenAI-compatible data plane.</summary>
public sealed class OpenAiApiOptions
{
    /// <summary>Largest request body accepted; larger bodies get a 413. Images in data URLs count here.</summary>
    public long MaxRequestBodyBytes { get; set; } = 32 * 1024 * 1024;
}
