namespace Sluice.AzureOpenAI.Client;

/// <summary>
/// The URIs of one deployment: <c>{resource}/openai/deployments/{deployment}/{operation}?api-version={version}</c>,
/// built once per model so the request path only picks one.
/// </summary>
public sealed class AzureDeploymentUris
{
    private readonly Uri[] _uris;

    public AzureDeploymentUris(string resourceRoot, string deployment, string apiVersion)
    {
        var prefix = resourceRoot.TrimEnd('/') + "/openai/deployments/" + Uri.EscapeDataString(deployment) + "/";
        var query = "?api-version=" + Uri.EscapeDataString(apiVersion);
        _uris =
        [
            new Uri(prefix + "chat/completions" + query),
            new Uri(prefix + "embeddings" + query),
            new Uri(prefix + "images/generations" + query),
        ];
        Deployment = deployment;
    }

    public string Deployment { get; }

    public Uri For(AzureOperation operation) => _uris[(int)operation];
}
