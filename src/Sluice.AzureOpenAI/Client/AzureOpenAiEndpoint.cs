using Sluice.AzureOpenAI.Entra;
using Sluice.OpenAI.Client;

namespace Sluice.AzureOpenAI.Client;

/// <summary>
/// Azure OpenAI behind the OpenAI client's seam: the deployment in the path (not <c>model</c> in the body), the
/// <c>api-version</c> query, and the <c>api-key</c> header or an Entra ID bearer token fetched (and cached) by
/// <see cref="EntraTokenProvider"/>. One per model, so each call only picks a URI built beforehand.
/// </summary>
public sealed class AzureOpenAiEndpoint : IOpenAiEndpoint
{
    private readonly AzureOpenAiAccountSettings _settings;
    private readonly EntraTokenProvider? _tokens;
    private readonly AzureDeploymentUris _deployment;
    private readonly Uri _models;

    // The header of the last token: a cached token is the same string instance, so most calls build nothing.
    private volatile TokenHeader? _header;

    /// <param name="tokens">Required when the account signs in with Entra ID.</param>
    public AzureOpenAiEndpoint(AzureOpenAiAccountSettings settings, string deployment, EntraTokenProvider? tokens)
    {
        if (settings.Entra is not null && tokens is null) throw new ArgumentNullException(nameof(tokens), "An Entra ID account needs a token provider.");
        _settings = settings;
        _tokens = tokens;
        _deployment = new AzureDeploymentUris(settings.ResourceRoot, deployment, settings.ApiVersion);
        _models = new Uri(settings.ResourceRoot + "/openai/models?api-version=" + Uri.EscapeDataString(settings.ApiVersion));
        Resource = new Uri(settings.ResourceRoot).Authority;
        UpstreamName = "azure-openai:" + Resource;
    }

    /// <summary>The resource's host (and port), as errors name it.</summary>
    public string Resource { get; }

    public string Deployment => _deployment.Deployment;

    public AzureOpenAiAccountSettings Settings => _settings;

    public string DisplayName => "Azure OpenAI";

    public string UpstreamName { get; }

    public bool ModelInBody => false;

    public Uri UriFor(OpenAiOperation operation, string model) => operation switch
    {
        OpenAiOperation.ChatCompletions => _deployment.For(AzureOperation.ChatCompletions),
        OpenAiOperation.Embeddings => _deployment.For(AzureOperation.Embeddings),
        OpenAiOperation.ImageGenerations => _deployment.For(AzureOperation.ImageGenerations),
        OpenAiOperation.Models => _models,
        _ => throw new NotSupportedException($"Azure OpenAI deployments are not called for {operation} by Sluice."),
    };

    public async ValueTask AuthenticateAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var headers = request.Headers;
        if (_settings.Entra is { } entra)
        {
            var token = await _tokens!.GetTokenAsync(entra, cancellationToken).ConfigureAwait(false);
            var header = _header;
            if (header is null || !ReferenceEquals(header.Token, token))
            {
                header = new TokenHeader(token, "Bearer " + token);
                _header = header;
            }

            headers.TryAddWithoutValidation("Authorization", header.Value);
        }
        else if (_settings.ApiKey is { } key)
        {
            headers.TryAddWithoutValidation("api-key", key);
        }

        if (_settings.Headers is { } extra)
        {
            foreach (var (name, value) in extra)
            {
                headers.Remove(name);
                headers.TryAddWithoutValidation(name, value);
            }
        }
    }

    private sealed record TokenHeader(string Token, string Value);
}
