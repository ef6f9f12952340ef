using Sluice.Core.Errors;

namespace Sluice.AzureOpenAI.Errors;

/// <summary>
/// Rewrites the errors whose meaning is Azure's own (a deployment instead of a model, the content filter, keys and
/// Entra roles, api-version) into messages that say what to change; every other error keeps the OpenAI mapping.
/// </summary>
public static class AzureErrorAdvice
{
    /// <summary>
    /// The Azure reading of <paramref name="mapped"/> (the OpenAI-shaped mapping of the upstream's answer with
    /// <paramref name="status"/> and <paramref name="code"/>); <paramref name="mapped"/> itself when Azure adds nothing.
    /// </summary>
    public static GatewayError Apply(GatewayError mapped, int status, string? code, string upstreamMessage, AzureErrorContext context)
    {
        var upstream = "azure-openai:" + context.Resource;
        return (status, code) switch
        {
            (400, AzureErrorCodes.ContentFilter) => new GatewayError(400, ErrorTypes.InvalidRequest, AzureErrorCodes.ContentFilter,
                $"Azure OpenAI's content filter blocked this request to deployment '{context.Deployment}' (ResponsibleAIPolicyViolation). Change the prompt, or ask the resource's owner about the deployment's content filter policy. Azure said: {upstreamMessage}",
                mapped.Param, Upstream: upstream),
            (404, AzureErrorCodes.DeploymentNotFound) => new GatewayError(404, ErrorTypes.NotFound, AzureErrorCodes.DeploymentNotFound,
                $"The Azure OpenAI resource {context.Resource} has no deployment named '{context.Deployment}'. Set model_id to the deployment's name (Azure AI Foundry > Deployments), not the model's, and check that base_url is the resource that holds it; a deployment created in the last few minutes may not be ready yet.",
                Upstream: upstream),
            (404, AzureErrorCodes.ResourceNotFound) => new GatewayError(404, ErrorTypes.NotFound, "ResourceNotFound",
                $"The Azure OpenAI resource {context.Resource} answered \"Resource not found\" for deployment '{context.Deployment}' with api-version {context.ApiVersion}: check that base_url is the resource endpoint (https://<resource>.openai.azure.com) and that api_version is one Azure OpenAI supports.",
                Upstream: upstream),
            (400, AzureErrorCodes.OperationNotSupported) => new GatewayError(400, ErrorTypes.InvalidRequest, AzureErrorCodes.OperationNotSupported,
                $"Deployment '{context.Deployment}' of {context.Resource} does not offer this operation (e.g. chat on an embeddings model): use a model whose deployment does. Azure said: {upstreamMessage}",
                Upstream: upstream),
            (401 or 403, _) => new GatewayError(502, ErrorTypes.Upstream, code ?? status.ToString(System.Globalization.CultureInfo.InvariantCulture),
                (context.EntraAuth
                    ? $"Azure OpenAI refused the account's Entra ID token for {context.Resource}: give the app registration the \"Cognitive Services OpenAI User\" role on the resource (role assignments take a few minutes)."
                    : $"Azure OpenAI refused the account's API key for {context.Resource}: set auth_data.api_key to KEY 1 or KEY 2 from the resource's Keys and Endpoint page, and check that base_url is that resource.")
                + " Azure said: " + upstreamMessage,
                Upstream: upstream),
            _ => mapped with { Upstream = upstream },
        };
    }
}
