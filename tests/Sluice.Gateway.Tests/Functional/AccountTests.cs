using System.ClientModel;
using System.Text.Json;
using OpenAI.Chat;
using OpenAI.Embeddings;
using OpenAI.Images;

namespace Sluice.Gateway.Tests.Functional;

/// <summary>Each auth form, region override, inference profiles, embeddings and images, through the OpenAI SDK.</summary>
[Collection(FunctionalCollection.Name)]
public sealed class AccountTests(FunctionalFixture fx)
{
    [Theory]
    [InlineData("keys/nova-lite")]
    [InlineData("keys2/nova-lite")]
    [InlineData("role/nova-lite")]
    [InlineData("apikey/nova-lite")]
    public async Task CompleteChat_EachAuthForm_Answers(string model)
    {
        var client = fx.OpenAi().GetChatClient(model);

        ClientResult<ChatCompletion> result = await client.CompleteChatAsync([new UserChatMessage("auth form check " + model)]);

        Assert.Equal("auth form check " + model, result.Value.Content[0].Text);
        Assert.Equal("us-east-1", Header(result, "x-sluice-upstream-region"));
    }

    [Fact]
    public async Task CompleteChat_AssumedRole_AssumesOnceAsGatewayIdentityWithExternalId()
    {
        var client = fx.OpenAi().GetChatClient("role/nova-lite");

        await client.CompleteChatAsync([new UserChatMessage("first")]);
        var after = fx.Emulator.Stats.StsAssumeRoleCalls;
        await client.CompleteChatAsync([new UserChatMessage("second")]);

        Assert.True(after >= 1);
        Assert.Equal(after, fx.Emulator.Stats.StsAssumeRoleCalls); // cached credentials, no second AssumeRole
    }

    [Fact]
    public async Task CompleteChat_RegionOverride_ServedByUsWest2()
    {
        var client = fx.OpenAi().GetChatClient("keys/llama-west");

        ClientResult<ChatCompletion> result = await client.CompleteChatAsync([new UserChatMessage("from the west")]);

        Assert.Equal("from the west", result.Value.Content[0].Text);
        Assert.Equal("us-west-2", Header(result, "x-sluice-upstream-region"));
        Assert.Equal("meta.llama3-1-8b-instruct-v1:0", Header(result, "x-sluice-upstream-model-id"));
        Assert.Equal("us-west-2", fx.Emulator.Stats.LastRequest!.ServedRegion);
    }

    [Theory]
    [InlineData("role/claude-3-7-us")]
    [InlineData("apikey/claude-3-7-us")]
    public async Task CompleteChat_CrossRegionProfile_AnswersWhenEveryDestinationIsAllowed(string model)
    {
        var client = fx.OpenAi().GetChatClient(model);

        ClientResult<ChatCompletion> result = await client.CompleteChatAsync([new UserChatMessage("through the us profile")]);

        Assert.Equal("through the us profile", result.Value.Content[0].Text);
        Assert.Equal("us.anthropic.claude-3-7-sonnet-20250219-v1:0", Header(result, "x-sluice-upstream-model-id"));
        Assert.False(string.IsNullOrEmpty(Header(result, "x-sluice-upstream-region")));
    }

    [Fact]
    public async Task CompleteChat_CrossRegionProfileWithDeniedDestination_403NamesRegionAndPermission()
    {
        var client = fx.OpenAi().GetChatClient("keys/claude-3-7-us");

        var e = await Assert.ThrowsAsync<ClientResultException>(() => client.CompleteChatAsync([new UserChatMessage("hi")]));

        Assert.Equal(403, e.Status);
        var error = ErrorOf(e);
        Assert.Equal("permission_error", error.GetProperty("type").GetString());
        var message = error.GetProperty("message").GetString()!;
        Assert.Contains("us-east-2", message, StringComparison.Ordinal);
        Assert.Contains("bedrock:InvokeModel", message, StringComparison.Ordinal);
        Assert.Contains("arn:aws:bedrock:us-east-2::foundation-model/anthropic.claude-3-7-sonnet-20250219-v1:0", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CompleteChatStreaming_CrossRegionProfileWithDeniedDestination_403NamesRegion()
    {
        var client = fx.OpenAi().GetChatClient("keys/claude-3-7-us");

        var e = await Assert.ThrowsAsync<ClientResultException>(async () =>
        {
            await foreach (var _ in client.CompleteChatStreamingAsync([new UserChatMessage("hi")]))
            {
            }
        });

        Assert.Equal(403, e.Status);
        var message = ErrorOf(e).GetProperty("message").GetString()!;
        Assert.Contains("us-east-2", message, StringComparison.Ordinal);
        Assert.Contains("bedrock:InvokeModelWithResponseStream", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CompleteChat_ApplicationProfileArn_AnswersAndUsageIsPricedByBaseModel()
    {
        var client = fx.OpenAi().GetChatClient("keys/app-profile");

        ClientResult<ChatCompletion> result = await client.CompleteChatAsync([new UserChatMessage("priced through the application profile")]);

        Assert.Equal("priced through the application profile", result.Value.Content[0].Text);
        var requestId = Header(result, "x-request-id");
        var record = await WaitForUsageAsync(requestId!);
        Assert.Equal(200, record.GetProperty("status").GetInt32());
        Assert.True(record.GetProperty("prompt_tokens").GetInt32() > 0);
        Assert.True(record.GetProperty("cost_usd").GetDouble() > 0, record.GetRawText());
    }

    [Fact]
    public async Task GenerateEmbedding_TitanV2_ReturnsVectorOfRequestedSize()
    {
        var client = fx.OpenAi().GetEmbeddingClient("keys/titan-embed");

        OpenAIEmbeddingCollection embeddings = await client.GenerateEmbeddingsAsync(["first text", "second text"], new EmbeddingGenerationOptions { Dimensions = 256 });

        Assert.Equal(2, embeddings.Count);
        Assert.Equal(256, embeddings[0].ToFloats().Length);
        Assert.Equal(1, embeddings[1].Index);
        Assert.NotEqual(embeddings[0].ToFloats().ToArray(), embeddings[1].ToFloats().ToArray());
    }

    [Fact]
    public async Task GenerateImage_NovaCanvas_ReturnsPngOfRequestedSize()
    {
        var client = fx.OpenAi().GetImageClient("keys/nova-canvas");

        GeneratedImage image = await client.GenerateImageAsync("a lighthouse at dusk",
            new ImageGenerationOptions { Size = new GeneratedImageSize(512, 512), ResponseFormat = GeneratedImageFormat.Bytes });

        var png = image.ImageBytes.ToArray();
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
        // IHDR width and height, big-endian, at bytes 16..23.
        Assert.Equal(512, (png[16] << 24) | (png[17] << 16) | (png[18] << 8) | png[19]);
        Assert.Equal(512, (png[20] << 24) | (png[21] << 16) | (png[22] << 8) | png[23]);
    }

    private async Task<JsonElement> WaitForUsageAsync(string requestId)
    {
        // The usage writer batches records; poll briefly until this request's record lands.
        for (var i = 0; i < 50; i++)
        {
            var (status, body, text, _) = await fx.SendAsync(HttpMethod.Get, "/api/v1/usage?limit=200", null, fx.AdminToken);
            Assert.True(status == 200, text);
            foreach (var row in body.GetProperty("data").EnumerateArray())
            {
                if (row.GetProperty("request_id").GetString() == requestId)
                {
                    return row;
                }
            }

            await Task.Delay(100);
        }

        throw new Xunit.Sdk.XunitException($"No usage record for request {requestId}.");
    }

    internal static string? Header<T>(ClientResult<T> result, string name) =>
        result.GetRawResponse().Headers.TryGetValue(name, out var value) ? value : null;

    internal static JsonElement ErrorOf(ClientResultException e) =>
        JsonDocument.Parse(e.GetRawResponse()!.Content.ToString()).RootElement.GetProperty("error");
}
