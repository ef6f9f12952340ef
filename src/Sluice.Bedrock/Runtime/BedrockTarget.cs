using Sluice.Bedrock.Credentials;

namespace Sluice.Bedrock.Runtime;

/// <summary>Everything needed to call one model; built once per configuration snapshot.</summary>
/// <param name="ModelId">Foundation model ID, inference profile ID or ARN, sent as one path segment.</param>
/// <param name="Region">The region to call, unless <paramref name="ModelId"/> is an ARN naming another (the ARN wins).</param>
/// <param name="Auth">How to authenticate.</param>
/// <param name="Endpoints">Endpoint overrides.</param>
public sealed record BedrockTarget(string ModelId, string Region, BedrockAuth Auth, BedrockEndpoints Endpoints)
{
    /// <summary>Never prints credentials (the auth records redact themselves).</summary>
    public override string ToString() => $"BedrockTarget({ModelId}, {Region}, {Auth})";
}
