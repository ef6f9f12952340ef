using System.Text.Json;
using Anthropic.Exceptions;
using Anthropic.Models.Messages;
using Sluice.Core.Errors;
using Sluice.Core.Messages;
using Sluice.Gateway.Tests.AnthropicApi.TestHost;
using Sluice.Gateway.Tests.OpenAi.TestHost;

namespace Sluice.Gateway.Tests.AnthropicApi;

/// <summary><c>/v1/messages</c> driven by the official Anthropic SDK over a Messages-native fake provider.</summary>
public sealed class MessagesEndpointTests : IAsyncLifetime
{
    private readonly FakeMessagesProvider _provider = new();
    private TestGateway _gateway = null!;

    public async Task InitializeAsync() => _gateway = await TestGateway.StartAsync(messagesProvider: _provider);

    public Task DisposeAsync() => _gateway.DisposeAsync().AsTask();

    private static MessageCreateParams Hello(string model = TestGateway.MessagesModel) => new()
    {
        Model = model,
        MaxTokens = 100,
        Messages = [new UserMessageParam("Hello")],
    };

    [Fact]
    public async Task Create_ApiKeyHeader_AnswersWithTheModelAskedForAndRecordsUsage()
    {
        var message = await AnthropicTestClients.Sdk(_gateway.BaseUrl, _gateway.Alice).Messages.Create(Hello());

        Assert.Equal(TestGateway.MessagesModel, message.Model.Raw());
        Assert.True(message.Content[0].TryPickText(out var text));
        Assert.Equal("Hello from the fake Claude.", text!.Text);
        Assert.Equal(10, message.Usage.InputTokens);
        var body = _provider.Last!.Body;
        Assert.Equal("Hello", body["messages"]![0]!["content"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(_provider.Last.AnthropicVersion)); // the SDK always sends anthropic-version
    }

    [Fact]
    public async Task Create_BearerToken_Authenticates()
    {
        var message = await AnthropicTestClients.Sdk(_gateway.BaseUrl, _gateway.Alice, bearer: true).Messages.Create(Hello());

        Assert.Equal("end_turn", message.StopReason!.Raw());
    }

    [Fact]
    public async Task Create_Raw_UsageRecordNamesTheOperationAndCost()
    {
        using var response = await AnthropicTestClients.PostAsync(_gateway.Http, "/v1/messages",
            """{"model":"acme/claude","max_tokens":10,"messages":[{"role":"user","content":"Hi"}]}""", _gateway.Alice);

        Assert.Equal(200, (int)response.StatusCode);
        var requestId = response.Headers.GetValues("request-id").Single();
        Assert.Equal(requestId, response.Headers.GetValues("x-request-id").Single());
        var record = await _gateway.Usage.SingleForAsync(requestId);
        Assert.Equal("messages", record.Operation);
        Assert.Equal(200, record.Status);
        Assert.Equal(10, record.PromptTokens);
        Assert.Equal(5, record.CompletionTokens);
        Assert.Equal((10 * 3m + 5 * 15m) / 1_000_000m, record.CostUsd);
    }

    [Theory]
    [InlineData(null, 401, "authentication_error")]
    [InlineData("not-a-key", 401, "authentication_error")]
    [InlineData("bob", 403, "permission_error")]
    public async Task Create_BadKeys_AnthropicAuthErrors(string? key, int status, string type)
    {
        using var response = await AnthropicTestClients.PostAsync(_gateway.Http, "/v1/messages",
            """{"model":"acme/claude","max_tokens":10,"messages":[{"role":"user","content":"Hi"}]}""", key is null ? null : _gateway.Keys.GetValueOrDefault(key, key));

        await AssertAnthropicErrorAsync(response, status, type);
    }

    [Fact]
    public async Task Create_UnknownModel_SdkGetsNotFound()
    {
        var e = await Assert.ThrowsAsync<AnthropicNotFoundException>(() =>
            AnthropicTestClients.Sdk(_gateway.BaseUrl, _gateway.Alice).Messages.Create(Hello("acme/missing")));

        Assert.Contains("acme/missing", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_ModelOfAnotherTeam_SdkGetsPermissionError()
    {
        await Assert.ThrowsAsync<AnthropicForbiddenException>(() =>
            AnthropicTestClients.Sdk(_gateway.BaseUrl, _gateway.Alice).Messages.Create(Hello(TestGateway.PrivateModel)));
    }

    [Theory]
    [InlineData("""{"model":"acme/claude","messages":[{"role":"user","content":"Hi"}]}""", "max_tokens: Field required")]
    [InlineData("""{"model":"acme/claude","max_tokens":"ten","messages":[]}""", "max_tokens: must be an integer")]
    [InlineData("""{"max_tokens":10,"messages":[]}""", "model: Field required")]
    [InlineData("""{"model":"acme/claude","max_tokens":10}""", "messages: Field required")]
    [InlineData("""{"model":"acme/claude","max_tokens":10,"messages":[{"role":"user","content":[{"text":"x"}]}]}""", "messages.0.content.0.type: Field required")]
    [InlineData("""{"model":"acme/claude","max_tokens":10,"messages":[{"role":"tool","content":"x"}]}""", "messages.0.role: must be 'user', 'assistant' or 'system'")]
    [InlineData("""{"model":"acme/claude","max_tokens":10,"stream":"yes","messages":[{"role":"user","content":"x"}]}""", "stream: must be a boolean")]
    [InlineData("""[1]""", "The request body must be a JSON object")]
    [InlineData("""{"model":""", "not valid JSON")]
    public async Task Create_MalformedRequest_InvalidRequestErrorNamingThePath(string json, string message)
    {
        using var response = await AnthropicTestClients.PostAsync(_gateway.Http, "/v1/messages", json, _gateway.Alice);

        var error = await AssertAnthropicErrorAsync(response, 400, "invalid_request_error");
        Assert.Contains(message, error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Null(_provider.Last);
    }

    [Fact]
    public async Task Create_ChatOnlyModel_TranslatedThroughChat()
    {
        var message = await AnthropicTestClients.Sdk(_gateway.BaseUrl, _gateway.Alice).Messages.Create(Hello(TestGateway.ChatModel));

        Assert.Equal(TestGateway.ChatModel, message.Model.Raw());
        Assert.True(message.Content[0].TryPickText(out var text));
        Assert.Equal("Hello from the fake.", text!.Text);
        Assert.Equal("Hello", Assert.IsType<Core.Chat.TextPart>(_gateway.Provider.LastChat!.Messages[0].Content[0]).Text);
        Assert.Null(_provider.Last);
    }

    [Fact]
    public async Task Create_ChatOnlyModelWithUntranslatableField_InvalidRequestNamingIt()
    {
        using var response = await AnthropicTestClients.PostAsync(_gateway.Http, "/v1/messages",
            """{"model":"acme/chat","max_tokens":10,"top_k":5,"messages":[{"role":"user","content":"Hi"}]}""", _gateway.Alice);

        var error = await AssertAnthropicErrorAsync(response, 400, "invalid_request_error");
        Assert.Contains("top_k", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, _gateway.Provider.Calls);
    }

    [Fact]
    public async Task CountTokens_ChatOnlyModel_SaysItCannot()
    {
        using var response = await AnthropicTestClients.PostAsync(_gateway.Http, "/v1/messages/count_tokens",
            """{"model":"acme/chat","messages":[{"role":"user","content":"Hi"}]}""", _gateway.Alice);

        var error = await AssertAnthropicErrorAsync(response, 400, "invalid_request_error");
        Assert.Contains("cannot count the tokens", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_UpstreamThrottled_OverloadedWithRetryAfter()
    {
        _provider.OnSend = (_, _) => throw new GatewayException(new GatewayError(429, ErrorTypes.RateLimit, "ThrottlingException",
            "Bedrock is rate limiting.", Retryable: true, RetryAfter: TimeSpan.FromSeconds(3), Upstream: "bedrock:eu-west-1"));

        using var response = await AnthropicTestClients.PostAsync(_gateway.Http, "/v1/messages",
            """{"model":"acme/claude","max_tokens":10,"messages":[{"role":"user","content":"Hi"}]}""", _gateway.Alice);

        await AssertAnthropicErrorAsync(response, 529, "overloaded_error");
        Assert.Equal("3", response.Headers.GetValues("Retry-After").Single());
        var record = await _gateway.Usage.SingleForAsync(response.Headers.GetValues("request-id").Single());
        Assert.Equal((429, "ThrottlingException"), (record.Status, record.ErrorCode));
        await Assert.ThrowsAsync<AnthropicOverloadedException>(() =>
            AnthropicTestClients.Sdk(_gateway.BaseUrl, _gateway.Alice).Messages.Create(Hello()));
    }

    [Theory]
    [InlineData(504, ErrorTypes.Timeout, 504, "timeout_error")]
    [InlineData(502, ErrorTypes.Upstream, 500, "api_error")]
    [InlineData(429, ErrorTypes.RateLimit, 429, "rate_limit_error")] // a limit of Sluice's own: no upstream
    public async Task Create_OtherFailures_AnthropicStatusAndType(int gatewayStatus, string gatewayType, int status, string type)
    {
        _provider.OnSend = (_, _) => throw new GatewayException(new GatewayError(gatewayStatus, gatewayType, "x", "It failed."));

        using var response = await AnthropicTestClients.PostAsync(_gateway.Http, "/v1/messages",
            """{"model":"acme/claude","max_tokens":10,"messages":[{"role":"user","content":"Hi"}]}""", _gateway.Alice);

        await AssertAnthropicErrorAsync(response, status, type);
    }

    [Fact]
    public async Task Create_BetasAndAdjustments_SplitForTheProviderAndDroppedOnesNamed()
    {
        _provider.OnSend = (_, _) => Task.FromResult(new MessagesResponse(System.Text.Encoding.UTF8.GetBytes(FakeMessagesProvider.Answer),
            new Core.Chat.Usage(10, 5), FakeProvider.DefaultUpstream, new MessagesAdjustments(["web-search-2025-03-05"], ["context_management"])));

        using var response = await AnthropicTestClients.PostAsync(_gateway.Http, "/v1/messages",
            """{"model":"acme/claude","max_tokens":10,"messages":[{"role":"user","content":"Hi"}]}""", _gateway.Alice,
            beta: "interleaved-thinking-2025-05-14, web-search-2025-03-05,,context-management-2025-06-27");

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(["interleaved-thinking-2025-05-14", "web-search-2025-03-05", "context-management-2025-06-27"], _provider.Last!.Betas);
        Assert.Equal("web-search-2025-03-05", response.Headers.GetValues("x-sluice-dropped-betas").Single());
        Assert.Equal("context_management", response.Headers.GetValues("x-sluice-dropped-params").Single());
        Assert.Equal("acme/claude", response.Headers.GetValues("x-sluice-model").Single());
    }

    [Fact]
    public async Task Create_RequestTimeoutHeader_CalledThroughTheRouterWithAttemptsNamed()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages")
        {
            Content = new StringContent("""{"model":"acme/claude","max_tokens":10,"messages":[{"role":"user","content":"Hi"}]}""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("x-api-key", _gateway.Alice);
        request.Headers.Add("x-sluice-request-timeout", "5000");
        using var response = await _gateway.Http.SendAsync(request);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("1", response.Headers.GetValues("x-sluice-attempts").Single());
        Assert.NotNull(_provider.Last);
    }

    [Fact]
    public async Task CountTokens_Sdk_ProviderCount()
    {
        var count = await AnthropicTestClients.Sdk(_gateway.BaseUrl, _gateway.Alice).Messages.CountTokens(new MessageCountTokensParams
        {
            Model = TestGateway.MessagesModel,
            Messages = [new UserMessageParam("How many?")],
        });

        Assert.Equal(42, count.InputTokens);
        Assert.Null(_provider.Last!.Body["max_tokens"]);
    }

    [Theory]
    [InlineData("GET", "/v1/messages", 405)]
    [InlineData("DELETE", "/v1/messages/count_tokens", 405)]
    [InlineData("POST", "/v1/messages/batches", 404)]
    public async Task UnknownRouteOrMethod_AnthropicShape(string method, string path, int status)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.Add("x-api-key", _gateway.Alice);
        using var response = await _gateway.Http.SendAsync(request);

        await AssertAnthropicErrorAsync(response, status, status == 404 ? "not_found_error" : "invalid_request_error");
    }

    [Fact]
    public async Task Models_WithAnthropicVersion_AnthropicListFormat()
    {
        using var response = await _gateway.Http.SendAsync(AnthropicTestClients.Get("/v1/models", _gateway.Alice, anthropicVersion: true));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;

        var ids = root.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("id").GetString()!).ToArray();
        Assert.Equal(["acme/chat", "acme/claude", "acme/lenient"], ids); // chat models only: embeddings and images are not Messages models
        var claude = root.GetProperty("data")[1];
        Assert.Equal("model", claude.GetProperty("type").GetString());
        Assert.Equal("2026-11-24T18:06:12Z", claude.GetProperty("created_at").GetString());
        Assert.False(root.GetProperty("has_more").GetBoolean());
        Assert.Equal("acme/chat", root.GetProperty("first_id").GetString());
        Assert.Equal("acme/lenient", root.GetProperty("last_id").GetString());
    }

    [Fact]
    public async Task Models_WithoutAnthropicVersion_OpenAiFormat()
    {
        using var response = await _gateway.Http.SendAsync(AnthropicTestClients.Get("/v1/models", _gateway.Alice, anthropicVersion: false));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal("list", json.RootElement.GetProperty("object").GetString());
    }

    internal static async Task<JsonElement> AssertAnthropicErrorAsync(HttpResponseMessage response, int status, string type)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == (int)response.StatusCode, $"{(int)response.StatusCode}: {text}");
        Assert.True(response.Headers.Contains("request-id"), "request-id header");
        using var json = JsonDocument.Parse(text);
        Assert.Equal("error", json.RootElement.GetProperty("type").GetString());
        var error = json.RootElement.GetProperty("error");
        Assert.Equal(type, error.GetProperty("type").GetString());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
        return error.Clone();
    }
}
