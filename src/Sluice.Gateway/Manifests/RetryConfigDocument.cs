namespace Sluice.Gateway.Manifests;

/// <summary>A target's <c>retry_config</c>; <c>attempts</c> is required inside it, the rest default.</summary>
public sealed record RetryConfigDocument(int Attempts)
{
    /// <summary>Milliseconds between retries; null = 100.</summary>
    public int? Delay { get; init; }

    public IReadOnlyList<string>? OnStatusCodes { get; init; }
}
