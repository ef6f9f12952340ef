namespace Sluice.Bedrock.Errors;

/// <summary>Carries a <see cref="BedrockError"/> out of the Bedrock client.</summary>
public sealed class BedrockException(BedrockError error, Exception? inner = null) : Exception(error.Message, inner)
{
    public BedrockError Error { get; } = error;
}
