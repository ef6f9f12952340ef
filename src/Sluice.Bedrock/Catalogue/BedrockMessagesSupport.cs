namespace Sluice.Bedrock.Catalogue;

/// <summary>How a Claude model takes the Anthropic Messages body on Bedrock (InvokeModel with <c>anthropic_version</c>).</summary>
/// <param name="Betas">The <c>anthropic_beta</c> values Bedrock accepts for the model; any other makes it answer 400 "invalid beta flag".</param>
/// <param name="CountTokens">Whether Bedrock's CountTokens operation serves the model.</param>
public sealed record BedrockMessagesSupport(IReadOnlyList<string> Betas, bool CountTokens)
{
    /// <summary>For Claude models the catalogue does not know: no beta is sent (none is known to be safe), tokens can be counted.</summary>
    public static readonly BedrockMessagesSupport UnknownClaude = new([], true);

    public bool Accepts(string beta)
    {
        for (var i = 0; i < Betas.Count; i++)
        {
            if (string.Equals(Betas[i], beta, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
