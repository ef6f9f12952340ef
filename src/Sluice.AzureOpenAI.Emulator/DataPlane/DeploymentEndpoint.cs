using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Sluice.AzureOpenAI.Emulator.Entra;
using Sluice.AzureOpenAI.Emulator.Fixtures;

namespace Sluice.AzureOpenAI.Emulator.DataPlane;

/// <summary>
/// <c>POST /openai/deployments/{deployment}/{operation}?api-version=...</c>, checked in Azure's order: the path and
/// api-version (404 "Resource not found"), the caller (<c>api-key</c> or an Entra bearer token: 401), the deployment
/// (404 DeploymentNotFound), whether its model offers the operation, scripted faults, then the operation itself.
/// </summary>
internal static class DeploymentEndpoint
{
    public static async Task HandleAsync(HttpContext context, string deployment, string operation, AzureResourceState resource, EntraDirectory directory)
    {
        var request = context.Request;
        var apiVersion = request.Query["api-version"].ToString();
        var kind = operation switch
        {
            "chat/completions" => Operation.Chat,
            "embeddings" => Operation.Embeddings,
            _ => (Operation?)null,
        };
        if (kind is null || !HttpMethods.IsPost(request.Method))
        {
            await AzureErrorWriter.CodeAsync(context, 404, "404", AzureErrorWriter.ResourceNotFound);
            return;
        }

        var apiKey = request.Headers["api-key"].ToString();
        var authorization = request.Headers.Authorization.ToString();
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        resource.Record(new ReceivedRequest(request.Path + request.QueryString, apiKey.Length == 0 ? null : apiKey, authorization.Length == 0 ? null : authorization, body));
        if (!await CallerCheck.PassesAsync(context, resource, directory))
        {
            return;
        }

        var target = resource.Deployment(deployment);
        if (target is null)
        {
            await AzureErrorWriter.CodeAsync(context, 404, "DeploymentNotFound", AzureErrorWriter.NoDeployment);
            return;
        }

        if (target.Embeddings != (kind == Operation.Embeddings))
        {
            var name = kind == Operation.Chat ? "chatCompletion" : "embeddings";
            await AzureErrorWriter.CodeAsync(context, 400, "OperationNotSupported",
                $"The {name} operation does not work with the specified model, {target.Model}. Please choose different model and try again. You can learn more about which models can be used with each operation here: https://go.microsoft.com/fwlink/?linkid=2197993.");
            return;
        }

        JsonObject? json;
        try
        {
            json = JsonNode.Parse(body) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            json = null;
        }

        if (json is null)
        {
            await AzureErrorWriter.ModelAsync(context, 400, "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)", "invalid_request_error", null, null);
            return;
        }

        var fault = resource.NextFault(deployment);
        switch (fault)
        {
            case AzureFault.RateLimit:
                await AzureErrorWriter.RateLimitAsync(context, kind == Operation.Chat ? "ChatCompletions_Create" : "Embeddings_Create", apiVersion, resource.RetryAfterSeconds);
                return;
            case AzureFault.ServerError:
                await AzureErrorWriter.ModelAsync(context, 500, AzureErrorWriter.ServerError, "server_error", null, null);
                return;
            case AzureFault.ContentFilter:
                await AzureErrorWriter.ContentFilterAsync(context);
                return;
        }

        if (kind == Operation.Embeddings)
        {
            await EmbeddingsHandler.HandleAsync(context, json, target);
        }
        else
        {
            await ChatHandler.HandleAsync(context, json, target, fault == AzureFault.MidStreamError);
        }
    }

    private enum Operation
    {
        Chat,
        Embeddings,
    }
}
