namespace Sluice.AzureOpenAI.Client;

/// <summary>
/// The resource endpoint of an Azure OpenAI account (<c>https://{resource}.openai.azure.com</c>), however the
/// account wrote it: the portal shows it bare, SDK samples end it in <c>/openai</c>, the v1 API in <c>/openai/v1</c>.
/// </summary>
public static class AzureResource
{
    private static readonly string[] Suffixes = ["/openai/v1", "/openai"];

    /// <summary>The resource root without a trailing slash, or null with <paramref name="problem"/> when it cannot be one.</summary>
    public static string? Normalize(string baseUrl, out string? problem)
    {
        problem = null;
        if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            problem = $"\"{baseUrl}\" is not an http(s) URL";
            return null;
        }

        if (uri.Query.Length > 0)
        {
            problem = "base_url takes no query: api-version is set with api_version";
            return null;
        }

        var path = uri.AbsolutePath.TrimEnd('/');
        if (path.Contains("/deployments", StringComparison.OrdinalIgnoreCase))
        {
            problem = "base_url is the resource endpoint (e.g. https://my-resource.openai.azure.com), not a deployment's URL: the deployment name goes in each model's model_id";
            return null;
        }

        foreach (var suffix in Suffixes)
        {
            if (path.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                path = path[..^suffix.Length];
                break;
            }
        }

        return uri.GetLeftPart(UriPartial.Authority) + path;
    }
}
