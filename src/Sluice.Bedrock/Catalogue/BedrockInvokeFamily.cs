namespace Sluice.Bedrock.Catalogue;

/// <summary>Which native InvokeModel body a non-chat model takes.</summary>
public enum BedrockInvokeFamily
{
    /// <summary>Chat models, called through Converse.</summary>
    Converse,
    TitanEmbedV1,
    TitanEmbedV2,
    CohereEmbedV3,
    /// <summary>Titan Image Generator v2 and Nova Canvas share the TEXT_IMAGE body.</summary>
    AmazonImage,
    StabilityImage,

    /// <summary>A non-chat model whose native body Sluice does not write yet; calls are refused with a 400.</summary>
    Unsupported,
}
