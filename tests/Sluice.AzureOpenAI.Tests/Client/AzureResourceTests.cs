using Sluice.AzureOpenAI.Client;

namespace Sluice.AzureOpenAI.Tests.Client;

/// <summary>How a base_url and a deployment become the URLs Azure OpenAI serves.</summary>
public class AzureResourceTests
{
    [Theory]
    [InlineData("https://contoso.openai.azure.com")]
    [InlineData("https://contoso.openai.azure.com/")]
    [InlineData("https://contoso.openai.azure.com/openai")]
    [InlineData("https://contoso.openai.azure.com/openai/")]
    [InlineData("https://contoso.openai.azure.com/openai/v1")]
    public void Normalize_EveryWayThePortalAndSdksWriteIt_TheResourceRoot(string baseUrl)
    {
        Assert.Equal("https://contoso.openai.azure.com", AzureResource.Normalize(baseUrl, out var problem));
        Assert.Null(problem);
    }

    [Fact]
    public void Normalize_ProxyWithAPathPrefix_KeepsThePrefix()
    {
        Assert.Equal("https://apim.example.com/ai", AzureResource.Normalize("https://apim.example.com/ai/openai", out _));
    }

    [Fact]
    public void Normalize_ADeploymentUrl_SaysTheDeploymentGoesInModelId()
    {
        Assert.Null(AzureResource.Normalize("https://contoso.openai.azure.com/openai/deployments/gpt-4o/chat/completions", out var problem));
        Assert.Contains("model_id", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void For_ChatOfADeployment_DeploymentPathAndApiVersion()
    {
        var uris = new AzureDeploymentUris("https://contoso.openai.azure.com", "gpt 4o prod", "2024-10-21");

        Assert.Equal("https://contoso.openai.azure.com/openai/deployments/gpt%204o%20prod/chat/completions?api-version=2024-10-21",
            uris.For(AzureOperation.ChatCompletions).AbsoluteUri);
        Assert.Equal("https://contoso.openai.azure.com/openai/deployments/gpt%204o%20prod/embeddings?api-version=2024-10-21",
            uris.For(AzureOperation.Embeddings).AbsoluteUri);
    }

    [Theory]
    [InlineData("2024-10-21", true)]
    [InlineData("2025-04-01-preview", true)]
    [InlineData("2024-13-01", false)]
    [InlineData("latest", false)]
    [InlineData("2024-10-21-beta", false)]
    public void IsWellFormed_Versions_DatesWithOptionalPreview(string version, bool expected)
    {
        Assert.Equal(expected, AzureApiVersion.IsWellFormed(version));
    }
}
