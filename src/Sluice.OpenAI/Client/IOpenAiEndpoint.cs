namespace Sluice.OpenAI.Client;

/// <summary>
/// Where and as whom an OpenAI-shaped API is called: the seam between the shared client, wire handling and provider,
/// and each service's URL scheme and authentication (OpenAI and compatible servers: <c>{base_url}/chat/completions</c>
/// with a Bearer key; Azure OpenAI: deployments, <c>api-version</c>, <c>api-key</c> or Entra ID tokens).
/// </summary>
public interface IOpenAiEndpoint
{
    /// <summary>How errors and the account test name the service, e.g. <c>OpenAI</c>.</summary>
    string DisplayName { get; }

    /// <summary>What <see cref="Core.Errors.GatewayError.Upstream"/> says, e.g. <c>openai:api.openai.com</c>.</summary>
    string UpstreamName { get; }

    /// <summary>Where the request body's <c>model</c> names the model (false when the URI does, as Azure deployments do).</summary>
    bool ModelInBody { get; }

    /// <summary>The URI of <paramref name="operation"/> for <paramref name="model"/> (the upstream model or deployment).</summary>
    Uri UriFor(OpenAiOperation operation, string model);

    /// <summary>Sets the authentication and account headers on <paramref name="request"/> (asynchronous: a token may be fetched).</summary>
    ValueTask AuthenticateAsync(HttpRequestMessage request, CancellationToken cancellationToken);
}
