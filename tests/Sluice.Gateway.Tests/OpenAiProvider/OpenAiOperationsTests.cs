using System.Text.Json;
using OpenAI.Chat;
using OpenAI.Embeddings;
using OpenAI.Images;

namespace Sluice.Gateway.Tests.OpenAiProvider;

/// <summary>Embeddings, images, usage and cost, and the account test of OpenAI and OpenAI-compatible accounts.</summary>
[Collection(OpenAiCollection.Name)]
public sealed class OpenAiOperationsTests(OpenAiFixture fx)
{
    [Fact]
    public async Task GenerateEmbeddings_OpenAiModel_ReturnsOneVectorPerInput()
    {
        var client = fx.Client().GetEmbeddingClient("openai/embed");

        OpenAIEmbeddingCollection result = await client.GenerateEmbeddingsAsync(["alpha", "beta gamma"]);

        Assert.Equal(2, result.Count);
        Assert.Equal(8, result[0].ToFloats().Length);
        Assert.NotEqual(result[0].ToFloats().ToArray(), result[1].ToFloats().ToArray());
        Assert.Equal(3, result.Usage.InputTokenCount);
    }

    [Fact]
    public async Task GenerateImage_DallE3_ReturnsThePng()
    {
        var client = fx.Client().GetImageClient("openai/dall-e-3");

        GeneratedImage image = await client.GenerateImageAsync("a lighthouse", new ImageGenerationOptions { ResponseFormat = GeneratedImageFormat.Bytes });

        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], image.ImageBytes.ToArray()[..4]);
        var sent = fx.OpenAi.LastRequest("/v1/images/generations")!.Json!;
        Assert.Equal("b64_json", sent["response_format"]!.GetValue<string>());
    }

    [Fact]
    public async Task CompleteChat_CatalogueModel_UsageRecordCostsWhatTheCatalogueSays()
    {
        var (status, body, text, requestId) = await ChatAsync("openai/gpt-4o-mini", "count these four words", stream: false);

        Assert.True(status == 200, text);
        var usage = body.GetProperty("usage");
        var row = (await fx.UsageRowsAsync(requestId))[0];
        var expected = (usage.GetProperty("prompt_tokens").GetInt32() * 0.15m + usage.GetProperty("completion_tokens").GetInt32() * 0.6m) / 1_000_000m;
        Assert.Equal(expected, row.GetProperty("cost_usd").GetDecimal());
        Assert.Equal("openai", row.GetProperty("account").GetString());
    }

    [Fact]
    public async Task CompleteChat_SelfHostedServerWithoutKey_ChargesThePrivateCost()
    {
        var (status, body, text, requestId) = await ChatAsync("vllm/llama", "private cost please", stream: false);

        Assert.True(status == 200, text);
        Assert.False(fx.Compatible.LastRequest("/v1/chat/completions")!.Headers.ContainsKey("Authorization"));
        var usage = body.GetProperty("usage");
        var row = (await fx.UsageRowsAsync(requestId))[0];
        var expected = (usage.GetProperty("prompt_tokens").GetInt32() * 0.5m + usage.GetProperty("completion_tokens").GetInt32() * 1.5m) / 1000m;
        Assert.Equal(expected, row.GetProperty("cost_usd").GetDecimal());
    }

    [Fact]
    public async Task Stream_ServerOmitsUsage_CostIsRecordedAsUnknownNotZero()
    {
        var (status, _, text, requestId) = await ChatAsync("vllm/llama", "no usage here", stream: true);

        Assert.True(status == 200, text);
        Assert.Contains("no", text, StringComparison.Ordinal);
        var row = (await fx.UsageRowsAsync(requestId))[0];
        Assert.Equal(200, row.GetProperty("status").GetInt32());
        Assert.Equal(JsonValueKind.Null, row.GetProperty("cost_usd").ValueKind);
    }

    [Fact]
    public async Task TestAccount_WorkingKeyAndModel_Ok()
    {
        var (status, body, text) = await fx.SendAsync(HttpMethod.Post, "/api/v1/provider-accounts/openai/test", """{"model":"gpt-4o-mini"}""", fx.AdminToken);

        Assert.True(status == 200, text);
        Assert.Equal("ok", body.GetProperty("status").GetString());
        Assert.Contains("/v1/models", body.GetProperty("checked").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TestAccount_WrongKey_FailedSaysCheckTheKey()
    {
        var (status, body, text) = await fx.SendAsync(HttpMethod.Post, "/api/v1/provider-accounts/openai-wrong-key/test", "{}", fx.AdminToken);

        Assert.True(status == 200, text);
        Assert.Equal("failed", body.GetProperty("status").GetString());
        Assert.Contains("api_key", body.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    private async Task<(int Status, JsonElement Body, string Text, string RequestId)> ChatAsync(string model, string content, bool stream)
    {
        var requestId = "";
        var json = JsonSerializer.Serialize(new { model, stream, messages = new[] { new { role = "user", content } } });
        var (status, body, text) = await fx.SendAsync(HttpMethod.Post, "/v1/chat/completions", json,
            headers: r => requestId = r.Headers.TryGetValues("x-request-id", out var v) ? v.Single() : "");
        return (status, body, text, requestId);
    }
}
