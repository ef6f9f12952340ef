namespace Sluice.Bedrock.ControlPlane;

/// <summary>What Bedrock's control plane says about an inference profile.</summary>
/// <param name="Id">The profile ID (e.g. <c>us.anthropic.claude-3-7-sonnet-20250219-v1:0</c>, or the 12-character ID of an application profile).</param>
/// <param name="Arn">The profile ARN.</param>
/// <param name="Type"><c>SYSTEM_DEFINED</c> or <c>APPLICATION</c>.</param>
/// <param name="ModelArns">The foundation-model ARNs the profile routes to.</param>
/// <param name="Regions">Destination regions, from the model ARNs (each needs IAM permission).</param>
/// <param name="BaseModelId">The foundation model ID behind the profile (for pricing and capabilities).</param>
public sealed record InferenceProfileInfo(
    string Id,
    string Arn,
    string Type,
    IReadOnlyList<string> ModelArns,
    IReadOnlyList<string> Regions,
    string? BaseModelId);
