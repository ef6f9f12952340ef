using Sluice.Bedrock.Credentials;
using Sluice.Core.Embeddings;
using Sluice.Core.Errors;
using Sluice.Core.Images;

namespace Sluice.Bedrock.Tests.EmulatorIntegration;

/// <summary>Embeddings, image generation and token counting through InvokeModel against the emulator's native bodies.</summary>
public sealed class ProviderInvokeTests : IClassFixture<EmulatorHost>
{
    private const string TitanEmbed = "amazon.titan-embed-text-v2:0";
    private const string CohereEmbed = "cohere.embed-english-v3";
    private readonly EmulatorHost _host;

    public ProviderInvokeTests(EmulatorHost host)
    {
        _host = host;
        host.Reset();
    }

    [Theory]
    [InlineData(256)]
    [InlineData(1024)]
    public async Task EmbedAsync_TitanV2Dimensions_VectorsOfThatLength(int dimensions)
    {
        var provider = _host.Provider(TitanEmbed, EmulatorHost.User1);

        var response = await provider.EmbedAsync(new EmbeddingRequest { Model = "acct/titan", Inputs = ["first text", "second text here"], Dimensions = dimensions }, default);

        Assert.Equal(2, response.Vectors.Count);
        Assert.All(response.Vectors, v => Assert.Equal(dimensions, v.Length));
        Assert.NotEqual(response.Vectors[0], response.Vectors[1]);
        Assert.Equal(5, response.PromptTokens);
        Assert.Equal(2, _host.Stats.RuntimeCalls("InvokeModel"));
    }

    [Fact]
    public async Task EmbedAsync_TitanV2SameTextTwice_SameVectorInInputOrder()
    {
        var provider = _host.Provider(TitanEmbed, _host.ApiKey);

        var response = await provider.EmbedAsync(new EmbeddingRequest { Model = "acct/titan", Inputs = ["a", "b", "a"] }, default);

        Assert.Equal(response.Vectors[0], response.Vectors[2]);
        Assert.NotEqual(response.Vectors[0], response.Vectors[1]);
    }

    [Fact]
    public async Task EmbedAsync_TitanV2UnsupportedDimensions_InvalidRequestBeforeAnyCall()
    {
        var provider = _host.Provider(TitanEmbed, EmulatorHost.User1);

        var e = await Assert.ThrowsAsync<GatewayException>(() =>
            provider.EmbedAsync(new EmbeddingRequest { Model = "acct/titan", Inputs = ["x"], Dimensions = 300 }, default));

        Assert.Equal(400, e.Error.Status);
        Assert.Equal(0, _host.Stats.TotalRuntimeCalls);
    }

    [Fact]
    public async Task EmbedAsync_Cohere_OneVectorPerInputWithTokenCount()
    {
        var provider = _host.Provider(CohereEmbed, EmulatorHost.User1);

        var response = await provider.EmbedAsync(new EmbeddingRequest
        {
            Model = "acct/cohere",
            Inputs = ["alpha", "beta gamma", "delta"],
            InputType = "search_document",
        }, default);

        Assert.Equal(3, response.Vectors.Count);
        Assert.All(response.Vectors, v => Assert.Equal(1024, v.Length));
        Assert.True(response.PromptTokens > 0);
        Assert.Contains("\"input_type\":\"search_document\"", _host.Stats.LastRequest!.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EmbedAsync_CohereMoreThan96Inputs_BatchedInInputOrder()
    {
        var provider = _host.Provider(CohereEmbed, EmulatorHost.User1);
        var inputs = new List<string>();
        for (var i = 0; i < 100; i++)
        {
            inputs.Add("text number " + i);
        }

        var response = await provider.EmbedAsync(new EmbeddingRequest { Model = "acct/cohere", Inputs = inputs, InputType = "search_query" }, default);
        var single = await provider.EmbedAsync(new EmbeddingRequest { Model = "acct/cohere", Inputs = ["text number 99"], InputType = "search_query" }, default);

        Assert.Equal(100, response.Vectors.Count);
        Assert.Equal(single.Vectors[0], response.Vectors[99]);
        Assert.Equal(3, _host.Stats.RuntimeCalls("InvokeModel"));
    }

    [Fact]
    public async Task EmbedAsync_CohereWithoutInputType_AcceptedByBedrock()
    {
        var provider = _host.Provider(CohereEmbed, EmulatorHost.User1);

        var response = await provider.EmbedAsync(new EmbeddingRequest { Model = "acct/cohere", Inputs = ["plain openai call"] }, default);

        Assert.Single(response.Vectors);
    }

    [Theory]
    [InlineData("amazon.titan-image-generator-v2:0", 1024, 1024)]
    [InlineData("amazon.nova-canvas-v1:0", 512, 768)]
    public async Task GenerateImagesAsync_AmazonImageModels_ValidPngsOfRequestedSize(string modelId, int width, int height)
    {
        var provider = _host.Provider(modelId, new AssumeRoleAuth(EmulatorHost.RoleArn, EmulatorHost.ExternalId), accountRegion: "us-west-2");

        var response = await provider.GenerateImagesAsync(new ImageRequest
        {
            Model = "acct/image",
            Prompt = "a lighthouse at dusk",
            Count = 2,
            Width = width,
            Height = height,
        }, default);

        Assert.Equal(2, response.ImagesBase64.Count);
        foreach (var image in response.ImagesBase64)
        {
            Assert.Equal((width, height), TestPng.Size(Convert.FromBase64String(image)));
        }

        Assert.Equal("us-west-2", response.Upstream.Region);
    }

    [Fact]
    public async Task GenerateImagesAsync_TitanUnsupportedSize_InvalidRequest()
    {
        var provider = _host.Provider("amazon.titan-image-generator-v2:0", EmulatorHost.User1);

        var e = await Assert.ThrowsAsync<GatewayException>(() => provider.GenerateImagesAsync(
            new ImageRequest { Model = "acct/image", Prompt = "x", Width = 1000, Height = 1000 }, default));

        Assert.Equal(400, e.Error.Status);
    }

    [Fact]
    public async Task CountTokensAsync_InvokeModelBody_Counted()
    {
        var body = Convert.ToBase64String(EmulatorBodies.Anthropic("count these words please").ToArray());

        var tokens = await _host.Client().CountTokensAsync(_host.Target(EmulatorHost.Sonnet35, "us-east-1", _host.ApiKey),
            System.Text.Encoding.UTF8.GetBytes("{\"input\":{\"invokeModel\":{\"body\":\"" + body + "\"}}}"), default);

        Assert.True(tokens >= 4, $"counted {tokens}");
    }
}
