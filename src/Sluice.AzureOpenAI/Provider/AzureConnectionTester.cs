using Sluice.AzureOpenAI.Client;
using Sluice.Core.Chat;
using Sluice.Core.Embeddings;
using Sluice.Core.Errors;
using Sluice.OpenAI.Client;
using Sluice.OpenAI.Errors;

namespace Sluice.AzureOpenAI.Provider;

/// <summary>
/// Tests an Azure OpenAI account: an Entra ID token when it signs in with one, then <c>GET /openai/models</c> with
/// its credentials (do they work, does the resource serve the api-version), then, when a model is named, the
/// smallest real call to its deployment (a one-token chat, or one embedding).
/// </summary>
public sealed class AzureConnectionTester(OpenAiClient client)
{
    public async Task<(bool Ok, string Checked, string Message)> TestAsync(AzureOpenAiEndpoint endpoint, AzureOpenAiModelProvider? model, bool embedding,
        CancellationToken cancellationToken)
    {
        var list = $"GET {endpoint.UriFor(OpenAiOperation.Models, "")}";
        try
        {
            using var response = await client.GetAsync(endpoint, OpenAiOperation.Models, cancellationToken).ConfigureAwait(false);
        }
        catch (GatewayException e)
        {
            // The Entra ID token request failed: its message names the auth_data key to fix.
            return (false, "Entra ID token for " + endpoint.Resource, e.Error.Message);
        }
        catch (OpenAiApiException e)
        {
            var error = Errors.AzureErrorAdvice.Apply(OpenAiErrorMapper.ToGatewayError(e, endpoint, endpoint.Deployment), e.Status, e.Code, e.Message,
                new Errors.AzureErrorContext(endpoint.Resource, endpoint.Deployment, endpoint.Settings.ApiVersion, endpoint.Settings.Entra is not null));
            return (false, list, error.Message);
        }

        if (model is null)
        {
            return (true, list, $"Azure OpenAI resource {endpoint.Resource} accepted the account's credentials with api-version {endpoint.Settings.ApiVersion}.");
        }

        var deployment = endpoint.Deployment;
        var call = embedding ? "a one-input embedding" : "a one-token chat completion";
        try
        {
            if (embedding)
            {
                await model.EmbedAsync(new EmbeddingRequest { Model = deployment, Inputs = ["ping"] }, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await model.ChatAsync(new ChatRequest
                {
                    Model = deployment,
                    Messages = [new ChatMessage { Role = ChatRole.User, Content = [new TextPart("ping")] }],
                    MaxTokens = 1,
                }, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (GatewayException e)
        {
            return (false, $"{list}; {call} to deployment {deployment}", $"The credentials work, but calling deployment '{deployment}' failed: {e.Error.Message}");
        }

        return (true, $"{list}; {call} to deployment {deployment}", $"Azure OpenAI accepted the credentials and deployment '{deployment}' answered.");
    }
}
