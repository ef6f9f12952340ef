using System.Text.Json;
using Sluice.Core.Chat;
using Sluice.Core.Embeddings;
using Sluice.Core.Errors;
using Sluice.OpenAI.Client;
using Sluice.OpenAI.Errors;

namespace Sluice.OpenAI.Provider;

/// <summary>
/// Tests an OpenAI-shaped account: <c>GET /models</c> with its key (does the key work, is the model listed), then,
/// when a model is named, the smallest real call to it (a one-token chat, or one embedding).
/// </summary>
public sealed class OpenAiConnectionTester(OpenAiClient client)
{
    public async Task<OpenAiConnectionTestResult> TestAsync(IOpenAiEndpoint endpoint, OpenAiModelProvider? model, bool embedding, CancellationToken cancellationToken)
    {
        HashSet<string> listed;
        try
        {
            using var response = await client.GetAsync(endpoint, OpenAiOperation.Models, cancellationToken).ConfigureAwait(false);
            listed = await ReadIdsAsync(response, cancellationToken).ConfigureAwait(false);
        }
        catch (OpenAiApiException e)
        {
            var error = OpenAiErrorMapper.ToGatewayError(e, endpoint, model?.Model.ModelId ?? "(none)");
            return new OpenAiConnectionTestResult(false, $"GET {endpoint.UriFor(OpenAiOperation.Models, "")}", ListFailed(endpoint, e, error));
        }

        var checkedList = $"GET {endpoint.UriFor(OpenAiOperation.Models, "")} ({listed.Count} models listed)";
        if (model is null)
        {
            return new OpenAiConnectionTestResult(true, checkedList, $"{endpoint.DisplayName} accepted the account's credentials.");
        }

        var id = model.Model.ModelId;
        var call = embedding ? "a one-input embedding" : "a one-token chat completion";
        try
        {
            if (embedding)
            {
                await model.EmbedAsync(new EmbeddingRequest { Model = id, Inputs = ["ping"] }, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await model.ChatAsync(new ChatRequest
                {
                    Model = id,
                    Messages = [new ChatMessage { Role = ChatRole.User, Content = [new TextPart("ping")] }],
                    MaxTokens = 1,
                }, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (GatewayException e)
        {
            var hint = listed.Count > 0 && !listed.Contains(id) ? $" The model list of this key does not include '{id}'." : "";
            return new OpenAiConnectionTestResult(false, checkedList + $"; {call} to {id}",
                $"The credentials work, but calling {id} failed: {e.Error.Message}{hint}");
        }

        return new OpenAiConnectionTestResult(true, checkedList + $"; {call} to {id}", $"{endpoint.DisplayName} accepted the credentials and answered a call to {id}.");
    }

    private static string ListFailed(IOpenAiEndpoint endpoint, OpenAiApiException e, GatewayError error) => e.Status switch
    {
        401 => $"{endpoint.DisplayName} rejected the account's API key: {e.Message} Check auth_data.api_key.",
        403 => $"{endpoint.DisplayName} denied listing models: {e.Message} Check the key's permissions, organization and project.",
        404 => $"{endpoint.UriFor(OpenAiOperation.Models, "")} does not exist: check base_url (it usually ends in /v1).",
        _ => error.Message,
    };

    private static async Task<HashSet<string>> ReadIdsAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var doc = JsonDocument.Parse(bytes);
            if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Array)
            {
                foreach (var m in data.EnumerateArray())
                {
                    if (m.ValueKind == JsonValueKind.Object && m.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String) ids.Add(id.GetString()!);
                }
            }
        }
        catch (JsonException)
        {
            // A server that lists models in another shape still answered with its key accepted.
        }

        return ids;
    }
}
