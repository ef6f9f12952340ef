namespace Sluice.Bedrock.Models;

/// <summary>The form a Bedrock model identifier takes.</summary>
public enum BedrockModelKind
{
    /// <summary>A foundation model ID, e.g. <c>anthropic.claude-3-haiku-20240307-v1:0</c>.</summary>
    FoundationModel,

    /// <summary>A system (cross-Region) inference profile ID, e.g. <c>us.anthropic.claude-3-7-sonnet-20250219-v1:0</c>.</summary>
    SystemInferenceProfile,

    /// <summary><c>arn:aws:bedrock:{region}::foundation-model/{modelId}</c>.</summary>
    FoundationModelArn,

    /// <summary><c>arn:aws:bedrock:{region}:{account}:inference-profile/{geo}.{modelId}</c>.</summary>
    InferenceProfileArn,

    /// <summary><c>arn:aws:bedrock:{region}:{account}:application-inference-profile/{id}</c>.</summary>
    ApplicationInferenceProfileArn,

    /// <summary>Any other ARN Bedrock accepts (provisioned-model, imported-model, prompt-router, SageMaker endpoint...).</summary>
    OtherArn,
}
