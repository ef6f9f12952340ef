using System.Net;
using System.Text;
using Sluice.Bedrock.ControlPlane;
using Sluice.Bedrock.Credentials;
using Sluice.Bedrock.EventStream;
using Sluice.Bedrock.Provider;
using Sluice.Bedrock.Runtime;
using Sluice.Core.Chat;
using Sluice.Core.Embeddings;
using Sluice.Core.Errors;
using Sluice.Core.Providers;

namespace Sluice.Bedrock.Tests.Provider;

public class BedrockModelProviderTests
{
    private static readonly BedrockAccountSettings Account = new("us-east-1", new AccessKeyAuth("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", null),
        new BedrockEndpoints(new Uri("http://127.0.0.1:9/"), new Uri("http://127.0.0.1:9/")));

    private static (IModelProvider Provider, FakeBedrockHandler Handler) Create(string modelId, Func<HttpRequestMessage, string, HttpResponseMessage> respond, string? region = null)
    {
        var handler = new FakeBedrockHandler(respond);
        var invoker = new HttpMessageInvoker(handler);
        var credentials = new BedrockCredentialEngine();
        var factory = new BedrockProviderFactory(new BedrockRuntimeClient(invoker, credentials), new InferenceProfileResolver(invoker, credentials));
        return (factory.Create(Account, new BedrockModelSettings(modelId, region)), handler);
    }

    private static ChatRequest Hello(bool stream = false) => new() { Model = "acct/claude", Messages = [new ChatMessage { Role = ChatRole.User, Content = [new TextPart("Hello")] }], Stream = stream };

    [Fact]
    public async Task ChatAsync_ConverseAnswer_TextUsageAndUpstream()
    {
        var (provider, handler) = Create("anthropic.claude-3-5-sonnet-20240620-v1:0", (_, _) => FakeBedrockHandler.Json(
            """{"output":{"message":{"role":"assistant","content":[{"text":"Hi!"}]}},"stopReason":"end_turn","usage":{"inputTokens":9,"outputTokens":3,"totalTokens":12},"metrics":{"latencyMs":412}}"""));

        var response = await provider.ChatAsync(Hello(), CancellationToken.None);

        Assert.Equal("Hi!", response.Text);
        Assert.Equal(new Usage(9, 3), response.Usage);
        Assert.Equal("anthropic.claude-3-5-sonnet-20240620-v1:0", response.Upstream!.ModelId);
        Assert.Equal("us-east-1", response.Upstream.Region);
        Assert.Equal(3m, response.Upstream.Price!.Find("in-region")!.Tokens.Input); // the catalogue's price travels with the answer
        var call = Assert.Single(handler.Calls);
        Assert.Equal("/model/anthropic.claude-3-5-sonnet-20240620-v1%3A0/converse", call.Path);
        Assert.Equal("""{"messages":[{"role":"user","content":[{"text":"Hello"}]}]}""", call.Body);
    }

    [Fact]
    public async Task ChatAsync_OnDemandNotSupported_400WithProfileAdvice()
    {
        var (provider, _) = Create("anthropic.claude-3-7-sonnet-20250219-v1:0", (_, _) => FakeBedrockHandler.Json(
            """{"message":"Invocation of model ID anthropic.claude-3-7-sonnet-20250219-v1:0 with on-demand throughput isn’t supported. Retry your request with the ID or ARN of an inference profile that contains this model."}""",
            HttpStatusCode.BadRequest, "ValidationException"));

        var e = await Assert.ThrowsAsync<GatewayException>(() => provider.ChatAsync(Hello(), CancellationToken.None));

        Assert.Equal(400, e.Error.Status);
        Assert.Equal("ValidationException", e.Error.Code);
        Assert.Contains("Use the profile ID us.anthropic.claude-3-7-sonnet-20250219-v1:0", e.Error.Message);
    }

    [Fact]
    public async Task StartChatStreamAsync_ToolCallStream_UpdatesInOrder()
    {
        var (provider, handler) = Create("us.anthropic.claude-3-7-sonnet-20250219-v1:0", (_, _) => FakeBedrockHandler.EventStream(
            EventStreamEncoder.EncodeEvent("messageStart", """{"role":"assistant"}"""u8),
            EventStreamEncoder.EncodeEvent("contentBlockDelta", """{"contentBlockIndex":0,"delta":{"text":"Checking"}}"""u8),
            EventStreamEncoder.EncodeEvent("contentBlockStart", """{"contentBlockIndex":1,"start":{"toolUse":{"toolUseId":"t1","name":"get_weather"}}}"""u8),
            EventStreamEncoder.EncodeEvent("contentBlockDelta", """{"contentBlockIndex":1,"delta":{"toolUse":{"input":"{\"city\":"}}}"""u8),
            EventStreamEncoder.EncodeEvent("contentBlockDelta", """{"contentBlockIndex":1,"delta":{"toolUse":{"input":"\"Paris\"}"}}}"""u8),
            EventStreamEncoder.EncodeEvent("messageStop", """{"stopReason":"tool_use"}"""u8),
            EventStreamEncoder.EncodeEvent("metadata", """{"usage":{"inputTokens":4,"outputTokens":6,"totalTokens":10},"metrics":{"latencyMs":5}}"""u8)));

        await using var stream = await provider.StartChatStreamAsync(Hello(stream: true), CancellationToken.None);
        var updates = new List<ChatStreamUpdate>();
        await foreach (var u in stream.ReadUpdatesAsync(CancellationToken.None))
        {
            updates.Add(u);
        }

        Assert.Equal(
            [
                ChatStreamUpdate.TextDelta("Checking"),
                ChatStreamUpdate.ToolCallStart(0, "t1", "get_weather"),
                ChatStreamUpdate.ToolCallArguments(0, "{\"city\":"),
                ChatStreamUpdate.ToolCallArguments(0, "\"Paris\"}"),
                ChatStreamUpdate.Finish(FinishReason.ToolCalls),
                ChatStreamUpdate.UsageReport(new Usage(4, 6)),
            ],
            updates);
        Assert.Equal("/model/us.anthropic.claude-3-7-sonnet-20250219-v1%3A0/converse-stream", Assert.Single(handler.Calls).Path);
    }

    [Fact]
    public async Task StartChatStreamAsync_ThrottledMidStream_GatewayException429AfterText()
    {
        var (provider, _) = Create("amazon.nova-lite-v1:0", (_, _) => FakeBedrockHandler.EventStream(
            EventStreamEncoder.EncodeEvent("contentBlockDelta", """{"contentBlockIndex":0,"delta":{"text":"Hel"}}"""u8),
            EventStreamEncoder.EncodeException("throttlingException", "Too many requests, please wait before trying again.")));

        await using var stream = await provider.StartChatStreamAsync(Hello(stream: true), CancellationToken.None);
        var updates = new List<ChatStreamUpdate>();
        var e = await Assert.ThrowsAsync<GatewayException>(async () =>
        {
            await foreach (var u in stream.ReadUpdatesAsync(CancellationToken.None))
            {
                updates.Add(u);
            }
        });

        Assert.Equal([ChatStreamUpdate.TextDelta("Hel")], updates);
        Assert.Equal((429, ErrorTypes.RateLimit), (e.Error.Status, e.Error.Type));
        Assert.DoesNotContain(updates, u => u.Kind == ChatStreamUpdateKind.Finish);
    }

    [Fact]
    public async Task EmbedAsync_Cohere100Inputs_TwoCallsAndTokensFromHeader()
    {
        var (provider, handler) = Create("cohere.embed-english-v3", (_, body) =>
        {
            var count = body.Split("\"t", StringSplitOptions.None).Length - 2;
            var vectors = string.Join(",", Enumerable.Repeat("[0.5,1]", count));
            return FakeBedrockHandler.Json("""{"id":"x","response_type":"embeddings_floats","embeddings":[""" + vectors + "]}",
                headers: ("X-Amzn-Bedrock-Input-Token-Count", count.ToString()));
        });
        var inputs = Enumerable.Range(0, 100).Select(i => "t" + i).ToList();

        var response = await provider.EmbedAsync(new EmbeddingRequest { Model = "acct/embed", Inputs = inputs }, CancellationToken.None);

        Assert.Equal(100, response.Vectors.Count);
        Assert.Equal(100, response.PromptTokens);
        Assert.Equal(2, handler.Calls.Count);
        Assert.Contains("\"input_type\":\"search_document\"", handler.Calls[0].Body);
    }

    [Fact]
    public async Task ChatAsync_ApplicationProfile_ResolvesBaseModelForCapabilities()
    {
        const string arn = "arn:aws:bedrock:us-west-2:123456789012:application-inference-profile/abcdef123456";
        var (provider, handler) = Create(arn, (request, _) => request.Method == HttpMethod.Get
            ? FakeBedrockHandler.Json($$"""{"inferenceProfileId":"abcdef123456","inferenceProfileArn":"{{arn}}","inferenceProfileName":"app","type":"APPLICATION","status":"ACTIVE","models":[{"modelArn":"arn:aws:bedrock:us-west-2::foundation-model/meta.llama3-1-8b-instruct-v1:0"}]}""")
            : FakeBedrockHandler.Json("""{"message":"unexpected"}""", HttpStatusCode.InternalServerError, "InternalServerException"));
        var withImage = new ChatRequest { Model = "acct/app", Messages = [new ChatMessage { Role = ChatRole.User, Content = [new ImagePart(new byte[] { 1 }, "image/png")] }] };

        var e = await Assert.ThrowsAsync<GatewayException>(() => provider.ChatAsync(withImage, CancellationToken.None));

        Assert.Contains("does not accept images", e.Error.Message);
        Assert.Equal("meta.llama3-1-8b-instruct-v1:0", ((BedrockModelProvider)provider).Model?.ModelId);
        Assert.Equal("GET", Assert.Single(handler.Calls).Method);
    }

    [Theory]
    [InlineData("arn:aws:bedrock:eu-west-1:123456789012:inference-profile/eu.anthropic.claude-3-7-sonnet-20250219-v1:0", "ap-south-1", "eu-west-1")]
    [InlineData("anthropic.claude-3-5-sonnet-20240620-v1:0", "us-west-2", "us-west-2")]
    [InlineData("anthropic.claude-3-5-sonnet-20240620-v1:0", null, "us-east-1")]
    public void TargetFor_RegionRule_ArnThenModelThenAccount(string modelId, string? modelRegion, string expected)
    {
        Assert.Equal(expected, BedrockProviderFactory.TargetFor(Account, new BedrockModelSettings(modelId, modelRegion)).Region);
    }
}
