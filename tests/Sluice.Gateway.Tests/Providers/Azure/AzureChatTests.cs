using System.Text;
using System.Text.Json;
using OpenAI.Chat;
using OpenAI.Embeddings;

namespace Sluice.Gateway.Tests.Providers.Azure;

/// <summary>Chat, streaming, tools, images and embeddings through the gateway to Azure OpenAI deployments, with the OpenAI SDK as caller.</summary>
[Collection(AzureCollection.Name)]
public sealed class AzureChatTests(AzureFixture fx)
{
    private static readonly ChatTool Weather = ChatTool.CreateFunctionTool("get_weather", "Current weather of a city",
        BinaryData.FromString("""{"type":"object","properties":{"location":{"type":"string"}},"required":["location"]}"""));

    [Fact]
    public async Task CompleteChat_ApiKeyAccount_CallsTheDeploymentWithKeyAndApiVersion()
    {
        var before = fx.Emulator.Resource.Received.Count;

        var result = await fx.OpenAi().GetChatClient("azure/gpt-4o").CompleteChatAsync([new UserChatMessage("Hello")]);

        Assert.Equal("Hello! This is gpt-4o-2024-11-20 on deployment gpt-4o.", result.Value.Content[0].Text);
        Assert.True(result.Value.Usage.InputTokenCount > 0);
        var received = fx.Emulator.Resource.Received.Skip(before).Single();
        Assert.Equal("/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21", received.PathAndQuery);
        Assert.Equal(fx.Emulator.Resource.ApiKey, received.ApiKey);
        Assert.Null(received.Authorization);
        Assert.False(JsonDocument.Parse(received.Body).RootElement.TryGetProperty("model", out _), "the deployment is in the path, not the body");
    }

    [Fact]
    public async Task CompleteChatStreaming_Deployment_TextUsageAndNoContentFilterNoise()
    {
        var text = new StringBuilder();
        ChatTokenUsage? usage = null;
        ChatFinishReason? finish = null;
        await foreach (var update in fx.OpenAi().GetChatClient("azure/gpt-4o").CompleteChatStreamingAsync([new UserChatMessage("Hello")],
            new ChatCompletionOptions()))
        {
            foreach (var part in update.ContentUpdate) text.Append(part.Text);
            usage ??= update.Usage;
            finish ??= update.FinishReason;
        }

        Assert.Equal("Hello! This is gpt-4o-2024-11-20 on deployment gpt-4o.", text.ToString());
        Assert.Equal(ChatFinishReason.Stop, finish);
        Assert.NotNull(usage);
        Assert.True(usage!.OutputTokenCount > 0);
    }

    [Fact]
    public async Task CompleteChat_WithTool_ReturnsTheDeploymentsToolCall()
    {
        var options = new ChatCompletionOptions { Tools = { Weather } };

        var result = await fx.OpenAi().GetChatClient("azure/gpt-4o").CompleteChatAsync([new UserChatMessage("Weather in Paris?")], options);

        Assert.Equal(ChatFinishReason.ToolCalls, result.Value.FinishReason);
        var call = Assert.Single(result.Value.ToolCalls);
        Assert.Equal("get_weather", call.FunctionName);
        Assert.Equal("Paris", JsonDocument.Parse(call.FunctionArguments.ToString()).RootElement.GetProperty("location").GetString());
    }

    [Fact]
    public async Task CompleteChatStreaming_WithTool_StreamsTheToolCall()
    {
        var options = new ChatCompletionOptions { Tools = { Weather } };
        string? name = null;
        var arguments = new StringBuilder();

        await foreach (var update in fx.OpenAi().GetChatClient("azure/gpt-4o").CompleteChatStreamingAsync([new UserChatMessage("Weather in Paris?")], options))
        {
            foreach (var call in update.ToolCallUpdates)
            {
                name ??= call.FunctionName;
                arguments.Append(call.FunctionArgumentsUpdate?.ToString());
            }
        }

        Assert.Equal("get_weather", name);
        Assert.Equal("""{"location":"Paris"}""", arguments.ToString());
    }

    [Fact]
    public async Task CompleteChat_ImagePart_ReachesTheDeployment()
    {
        var png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");
        var message = new UserChatMessage(ChatMessageContentPart.CreateTextPart("What is this?"),
            ChatMessageContentPart.CreateImagePart(BinaryData.FromBytes(png), "image/png"));
        var before = fx.Emulator.Resource.Received.Count;

        var result = await fx.OpenAi().GetChatClient("azure/gpt-4o").CompleteChatAsync([message]);

        Assert.StartsWith("I see an image.", result.Value.Content[0].Text, StringComparison.Ordinal);
        var body = fx.Emulator.Resource.Received.Skip(before).Single().Body;
        Assert.Contains("data:image/png;base64,", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GenerateEmbeddings_EmbeddingDeployment_OneVectorPerInput()
    {
        var result = await fx.OpenAi().GetEmbeddingClient("azure/embed").GenerateEmbeddingsAsync(["one", "two"]);

        Assert.Equal(2, result.Value.Count);
        Assert.True(result.Value[0].ToFloats().Length > 0);
        Assert.True(result.Value.Usage.InputTokenCount > 0);
    }

    [Fact]
    public async Task CompleteChat_EntraAccount_OneTokenForManyCallsAndANewOneAfterExpiry()
    {
        var client = fx.OpenAi().GetChatClient("azure-entra/gpt-4o");
        var requestsBefore = fx.Emulator.Directory.TokenRequests;
        var before = fx.Emulator.Resource.Received.Count;

        await client.CompleteChatAsync([new UserChatMessage("one")]);
        await client.CompleteChatAsync([new UserChatMessage("two")]);
        var afterTwoCalls = fx.Emulator.Directory.TokenRequests;
        fx.Time.Advance(fx.Emulator.Directory.TokenLifetime);
        await client.CompleteChatAsync([new UserChatMessage("three")]);

        var received = fx.Emulator.Resource.Received.Skip(before).ToList();
        Assert.Equal(3, received.Count);
        Assert.All(received, r => Assert.StartsWith("Bearer ", r.Authorization, StringComparison.Ordinal));
        Assert.All(received, r => Assert.Null(r.ApiKey));
        Assert.Equal(received[0].Authorization, received[1].Authorization);
        Assert.NotEqual(received[1].Authorization, received[2].Authorization);
        Assert.True(afterTwoCalls - requestsBefore <= 1, "the second call fetched another token");
        Assert.Equal(afterTwoCalls + 1, fx.Emulator.Directory.TokenRequests);
    }
}
