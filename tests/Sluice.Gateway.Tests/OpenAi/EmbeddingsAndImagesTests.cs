using System.ClientModel;
using System.Net;
using System.Text.Json;
using OpenAI.Embeddings;
using OpenAI.Images;
using Sluice.Gateway.Tests.OpenAi.TestHost;

namespace Sluice.Gateway.Tests.OpenAi;

public sealed class EmbeddingsAndImagesTests : IAsyncLifetime
{
    private TestGateway _gateway = null!;

    public async Task InitializeAsync() => _gateway = await TestGateway.StartAsync();

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task Embeddings_SdkBatch_GetsVectorsInOrderAndUsage()
    {
        var client = _gateway.Client().GetEmbeddingClient(TestGateway.EmbedModel);

        var result = await client.GenerateEmbeddingsAsync(["alpha", "beta"], new EmbeddingGenerationOptions { Dimensions = 256, EndUserId = "u-9" });

        var embeddings = result.Value;
        Assert.Equal(2, embeddings.Count);
        Assert.Equal([0.5f, -1.25f, 3f], embeddings[0].ToFloats().ToArray());
        Assert.Equal([1.5f, -1.25f, 3f], embeddings[1].ToFloats().ToArray());
        Assert.Equal(7, embeddings.Usage.InputTokenCount);
        var sent = _gateway.Provider.LastEmbedding!;
        Assert.Equal(["alpha", "beta"], sent.Inputs);
        Assert.Equal((256, "u-9"), (sent.Dimensions, sent.User));
    }

    [Fact]
    public async Task Embeddings_FloatFormat_ReturnsNumberArraysAndRecordsUsage()
    {
        using var response = await _gateway.PostAsync("/v1/embeddings", """{"model":"acme/embed","input":"hello","encoding_format":"float"}""");

        var root = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("list", root.GetProperty("object").GetString());
        Assert.Equal(-1.25f, root.GetProperty("data")[0].GetProperty("embedding")[1].GetSingle());
        Assert.Equal(7, root.GetProperty("usage").GetProperty("total_tokens").GetInt32());
        Assert.Equal("amazon.titan-embed-text-v2:0", response.Headers.GetValues("x-sluice-upstream-model-id").Single());
        var record = await _gateway.Usage.SingleForAsync(response.Headers.GetValues("x-request-id").Single());
        Assert.Equal(("embeddings", 7, 0.02m * 7 / 1_000_000m), (record.Operation, record.PromptTokens, record.CostUsd));
    }

    [Theory]
    [InlineData("""{"model":"acme/embed","input":[1,2,3]}""", "input")]
    [InlineData("""{"model":"acme/embed","input":[[1,2],[3]]}""", "input")]
    [InlineData("""{"model":"acme/embed","input":"x","encoding_format":"int8"}""", "encoding_format")]
    [InlineData("""{"model":"acme/embed","input":"x","dimensions":0}""", "dimensions")]
    [InlineData("""{"model":"acme/embed"}""", "input")]
    [InlineData("""{"model":"acme/chat","input":"x"}""", "model")]
    public async Task Embeddings_BadInput_Returns400NamingParam(string json, string param)
    {
        using var response = await _gateway.PostAsync("/v1/embeddings", json);

        var error = await ErrorTests.ErrorOf(response, HttpStatusCode.BadRequest);
        Assert.Equal(param, error.GetProperty("param").GetString());
    }

    [Fact]
    public async Task Images_SdkBytes_ReturnsDecodedImagesAndPricesPerImage()
    {
        var client = _gateway.Client().GetImageClient(TestGateway.ImageModel);

        var result = await client.GenerateImagesAsync("a lighthouse", 2, new ImageGenerationOptions
        {
            ResponseFormat = GeneratedImageFormat.Bytes,
            Size = new GeneratedImageSize(512, 768),
            Quality = GeneratedImageQuality.High,
            Style = GeneratedImageStyle.Vivid,
        });

        Assert.Equal(2, result.Value.Count);
        Assert.Equal(TestImages.Png, result.Value[0].ImageBytes.ToArray());
        var sent = _gateway.Provider.LastImages!;
        Assert.Equal(("a lighthouse", 2, 512, 768, "hd"), (sent.Prompt, sent.Count, sent.Width, sent.Height, sent.Quality));
        Assert.True(result.GetRawResponse().Headers.TryGetValue("x-request-id", out var requestId));
        var record = await _gateway.Usage.SingleForAsync(requestId!);
        Assert.Equal(("images", 2, 0.08m, true), (record.Operation, record.Images, record.CostUsd, record.PrivateCost));
    }

    [Fact]
    public async Task Images_UrlFormat_Returns400ExplainingOnlyB64Json()
    {
        var client = _gateway.Client().GetImageClient(TestGateway.ImageModel);

        var error = await Assert.ThrowsAsync<ClientResultException>(() =>
            client.GenerateImageAsync("a cat", new ImageGenerationOptions { ResponseFormat = GeneratedImageFormat.Uri }));

        Assert.Equal(400, error.Status);
        var body = JsonDocument.Parse(error.GetRawResponse()!.Content).RootElement.GetProperty("error");
        Assert.Equal("response_format", body.GetProperty("param").GetString());
        Assert.Contains("b64_json", body.GetProperty("message").GetString());
        Assert.Equal(0, _gateway.Provider.Calls);
    }

    [Theory]
    [InlineData("""{"model":"acme/image","prompt":"x","size":"big"}""", "size")]
    [InlineData("""{"model":"acme/image","prompt":"x","n":11}""", "n")]
    [InlineData("""{"model":"acme/image","prompt":""}""", "prompt")]
    [InlineData("""{"model":"acme/image","prompt":"x","quality":"ultra"}""", "quality")]
    public async Task Images_BadInput_Returns400NamingParam(string json, string param)
    {
        using var response = await _gateway.PostAsync("/v1/images/generations", json);

        var error = await ErrorTests.ErrorOf(response, HttpStatusCode.BadRequest);
        Assert.Equal(param, error.GetProperty("param").GetString());
    }
}
