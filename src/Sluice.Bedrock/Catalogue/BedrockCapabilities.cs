namespace Sluice.Bedrock.Catalogue;

/// <summary>What a Bedrock model accepts, so requests it cannot take are refused with a clear 400.</summary>
public sealed record BedrockCapabilities(
    bool Tools,
    bool Images,
    ReasoningStyle Reasoning,
    bool Streaming)
{
    /// <summary>For models the catalogue does not know: let Bedrock decide.</summary>
    public static readonly BedrockCapabilities Permissive = new(true, true, ReasoningStyle.None, true);

    /// <summary>Embedding and image models.</summary>
    public static readonly BedrockCapabilities NonChat = new(false, false, ReasoningStyle.None, false);
}
