using Sluice.Anthropic.Client;
using Sluice.Anthropic.Errors;

namespace Sluice.Anthropic.Provider;

/// <summary>
/// Tests an account with calls that cost nothing: <c>GET /v1/models</c> proves the key, and
/// <c>GET /v1/models/{model}</c> that the key may use the model (no tokens are spent on either).
/// </summary>
public sealed class AnthropicConnectionTester(AnthropicApiClient client)
{
    public async Task<AnthropicConnectionTestResult> TestAsync(AnthropicAccountSettings account, string? modelId, CancellationToken cancellationToken)
    {
        var path = modelId is null ? "/v1/models?limit=1" : "/v1/models/" + Uri.EscapeDataString(modelId);
        var what = $"GET {account.Root}{path} with the account's API key";
        try
        {
            await client.GetAsync(account, path, cancellationToken).ConfigureAwait(false);
            return new AnthropicConnectionTestResult(true, what, modelId is null
                ? "Anthropic accepted the account's API key."
                : $"Anthropic accepted the account's API key and knows the model {modelId}.");
        }
        catch (AnthropicException e)
        {
            var error = e.Error;
            var message = error.Type switch
            {
                AnthropicErrorTypes.Authentication => $"Anthropic rejected the API key: {error.Message} Check auth_data.api_key (a key from console.anthropic.com).",
                AnthropicErrorTypes.Permission => $"Anthropic refused the API key access: {error.Message} Check the key's workspace and permissions.",
                AnthropicErrorTypes.NotFound when modelId is not null => $"Anthropic has no model {modelId} for this key: {error.Message} Check model_id.",
                AnthropicErrorTypes.NotFound => $"{account.Root} has no Anthropic models API: {error.Message} Check base_url (Anthropic's is {AnthropicAccountSettings.DefaultBaseUrl}).",
                AnthropicErrorTypes.Connection => $"Anthropic could not be reached: {error.Message} Check base_url and the gateway's network access.",
                AnthropicErrorTypes.RateLimit or AnthropicErrorTypes.Overloaded =>
                    $"The key could not be checked now (Anthropic answered {error.Status} {error.Type}: {error.Message}); try again shortly.",
                _ => $"Anthropic answered {error.Status} {error.Type}: {error.Message}",
            };
            return new AnthropicConnectionTestResult(false, what, error.RequestId is null ? message : $"{message} (Anthropic request ID: {error.RequestId})");
        }
    }
}
