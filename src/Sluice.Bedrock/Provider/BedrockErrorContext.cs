namespace Sluice.Bedrock.Provider;

/// <summary>What was being called when Bedrock failed, so the mapped message can say what to change.</summary>
/// <param name="ModelId">The model ID, profile ID or ARN that was called.</param>
/// <param name="Region">The region that was called.</param>
/// <param name="RequestedModel">The gateway model name the caller used (<c>account/model</c>), when known.</param>
/// <param name="ProfileId">The inference profile called, when <paramref name="ModelId"/> is one.</param>
/// <param name="BaseModelId">The foundation model behind the call, when known.</param>
/// <param name="Streaming">Whether the call was a streaming one (it needs InvokeModelWithResponseStream).</param>
public sealed record BedrockErrorContext(
    string ModelId,
    string Region,
    string? RequestedModel = null,
    string? ProfileId = null,
    string? BaseModelId = null,
    bool Streaming = false);
