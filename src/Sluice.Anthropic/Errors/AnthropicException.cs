namespace Sluice.Anthropic.Errors;

/// <summary>Carries an <see cref="AnthropicError"/> out of the client; the provider turns it into a gateway error.</summary>
public sealed class AnthropicException(AnthropicError error, Exception? inner = null) : Exception(error.Message, inner)
{
    public AnthropicError Error { get; } = error;
}
