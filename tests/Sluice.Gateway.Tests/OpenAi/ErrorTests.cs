using System.ClientModel;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OpenAI.Chat;
using Sluice.Core.Errors;
using Sluice.Gateway.OpenAi;
using Sluice.Gateway.Tests.OpenAi.TestHost;

namespace Sluice.Gateway.Tests.OpenAi;

public sealed class ErrorTests : IAsyncLifetime
{
    private TestGateway _gateway = null!;

    public async Task InitializeAsync() => _gateway = await TestGateway.StartAsync();

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Theory]
    [InlineData(null, "missing_api_key")]
    [InlineData("sk-sluice-0123456789abcdef.not-the-secret", "invalid_api_key")]
    [InlineData("expired", "expired_api_key")]
    public async Task Chat_BadCredentials_Returns401WithCode(string? key, string code)
    {
        using var response = await _gateway.PostAsync("/v1/chat/completions", """{"model":"acme/chat","messages":[{"role":"user","content":"hi"}]}""", key);

        var error = await ErrorOf(response, HttpStatusCode.Unauthorized);
        Assert.Equal(("authentication_error", code), (error.GetProperty("type").GetString(), error.GetProperty("code").GetString()));
        Assert.True(response.Headers.Contains("x-request-id"));
        Assert.Equal(0, _gateway.Provider.Calls);
    }

    [Fact]
    public async Task Chat_SdkWithWrongKey_ThrowsClientResultException401()
    {
        var error = await Assert.ThrowsAsync<ClientResultException>(() => _gateway.Chat(key: "sk-wrong").CompleteChatAsync([new UserChatMessage("hi")]));
        Assert.Equal(401, error.Status);
    }

    [Fact]
    public async Task Chat_ModelNotAllowed_Returns403NamingModelAndRole()
    {
        using var response = await _gateway.PostAsync("/v1/chat/completions", """{"model":"acme/private","messages":[{"role":"user","content":"hi"}]}""");

        var error = await ErrorOf(response, HttpStatusCode.Forbidden);
        Assert.Equal("permission_error", error.GetProperty("type").GetString());
        var message = error.GetProperty("message").GetString()!;
        Assert.Contains("acme/private", message);
        Assert.Contains("provider-account-access", message);
        Assert.Equal(0, _gateway.Provider.Calls);
    }

    [Fact]
    public async Task Chat_TenantAdmin_MayCallAnyModel()
    {
        var completion = await _gateway.Chat(TestGateway.PrivateModel, _gateway.Keys["admin"]).CompleteChatAsync([new UserChatMessage("hi")]);
        Assert.Equal("Hello from the fake.", completion.Value.Content[0].Text);
    }

    [Fact]
    public async Task Chat_UnknownModel_Returns404PointingAtModelList()
    {
        var error = await Assert.ThrowsAsync<ClientResultException>(() => _gateway.Chat("acme/nope").CompleteChatAsync([new UserChatMessage("hi")]));

        Assert.Equal(404, error.Status);
        var body = JsonDocument.Parse(error.GetRawResponse()!.Content).RootElement.GetProperty("error");
        Assert.Equal("model_not_found", body.GetProperty("code").GetString());
        Assert.Contains("GET /v1/models", body.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Chat_OnEmbeddingModel_Returns400ModelTypeMismatch()
    {
        using var response = await _gateway.PostAsync("/v1/chat/completions", """{"model":"acme/embed","messages":[{"role":"user","content":"hi"}]}""");

        var error = await ErrorOf(response, HttpStatusCode.BadRequest);
        Assert.Equal(("model_type_mismatch", "model"), (error.GetProperty("code").GetString(), error.GetProperty("param").GetString()));
    }

    [Fact]
    public async Task Chat_NGreaterThanOne_Returns400NamingN()
    {
        using var response = await _gateway.PostAsync("/v1/chat/completions", """{"model":"acme/chat","n":2,"messages":[{"role":"user","content":"hi"}]}""");

        var error = await ErrorOf(response, HttpStatusCode.BadRequest);
        Assert.Equal(("n", "unsupported_parameter"), (error.GetProperty("param").GetString(), error.GetProperty("code").GetString()));
    }

    [Theory]
    [InlineData("\"logprobs\":true", "logprobs")]
    [InlineData("\"top_logprobs\":3", "top_logprobs")]
    [InlineData("\"logit_bias\":{\"50256\":-100}", "logit_bias")]
    [InlineData("\"audio\":{\"voice\":\"alloy\",\"format\":\"mp3\"}", "audio")]
    [InlineData("\"modalities\":[\"text\",\"audio\"]", "modalities")]
    [InlineData("\"prediction\":{\"type\":\"content\",\"content\":\"x\"}", "prediction")]
    [InlineData("\"frequency_penalty\":0.5", "frequency_penalty")]
    [InlineData("\"presence_penalty\":-1", "presence_penalty")]
    [InlineData("\"seed\":7", "seed")]
    [InlineData("\"n\":0", "n")]
    [InlineData("\"temperature\":1.5", "temperature")]
    [InlineData("\"temperature\":2.5", "temperature")]
    [InlineData("\"temperature\":\"hot\"", "temperature")]
    [InlineData("\"max_tokens\":10,\"max_completion_tokens\":20", "max_completion_tokens")]
    [InlineData("\"max_tokens\":0", "max_tokens")]
    [InlineData("\"stop\":[\"a\",\"b\",\"c\",\"d\",\"e\"]", "stop")]
    [InlineData("\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"missing\"}},\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"present\"}}]", "tool_choice")]
    [InlineData("\"tools\":[{\"type\":\"code_interpreter\"}]", "tools[0].type")]
    [InlineData("\"response_format\":{\"type\":\"xml\"}", "response_format.type")]
    [InlineData("\"reasoning_effort\":\"extreme\"", "reasoning_effort")]
    [InlineData("\"metadata\":{\"a\":1}", "metadata.a")]
    public async Task Chat_ParameterTheUpstreamCannotHonour_Returns400NamingIt(string fragment, string param)
    {
        using var response = await _gateway.PostAsync("/v1/chat/completions",
            "{\"model\":\"acme/chat\"," + fragment + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        var error = await ErrorOf(response, HttpStatusCode.BadRequest);
        Assert.Equal(param, error.GetProperty("param").GetString());
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal(0, _gateway.Provider.Calls);
    }

    [Fact]
    public async Task Chat_TemperatureAboveOne_MessageSaysWhy()
    {
        using var response = await _gateway.PostAsync("/v1/chat/completions", """{"model":"acme/chat","temperature":1.2,"messages":[{"role":"user","content":"hi"}]}""");
        var error = await ErrorOf(response, HttpStatusCode.BadRequest);
        Assert.Contains("0 and 1", error.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("""{"model":"acme/chat","seed":null,"service_tier":"auto","store":false,"frobnicate":{"x":[1,2]},"n":1,"logprobs":false,"frequency_penalty":0,"logit_bias":{},"messages":[{"role":"user","content":"hi"}]}""")]
    public async Task Chat_IgnoredOrNeutralParameters_Succeed(string json)
    {
        using var response = await _gateway.PostAsync("/v1/chat/completions", json);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("""{"model":"acme/chat","messages":[{"role":"user","content":"hi"}""", null, "invalid_json")]
    [InlineData("""{"model":"acme/chat","messages":[{"role":"user","content":"hi"}]} trailing""", null, "invalid_json")]
    [InlineData("""[1,2]""", null, "invalid_json")]
    [InlineData("""{"model":42,"messages":[]}""", "model", "invalid_type")]
    [InlineData("""{"model":"acme/chat","messages":"hi"}""", "messages", "invalid_type")]
    [InlineData("""{"model":"acme/chat","messages":[]}""", "messages", "invalid_value")]
    [InlineData("""{"messages":[{"role":"user","content":"hi"}]}""", "model", "missing_required_parameter")]
    [InlineData("""{"model":"acme/chat","messages":[{"role":"user","content":"a"},{"role":"user","content":"b"},{"role":"user","content":[{"type":"image_url","image_url":{"url":"data:image/tiff;base64,AAAA"}}]}]}""", "messages[2].content[0].image_url.url", "invalid_image_url")]
    [InlineData("""{"model":"acme/chat","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"ftp://example.com/a.png"}}]}]}""", "messages[0].content[0].image_url.url", "invalid_image_url")]
    [InlineData("""{"model":"acme/chat","messages":[{"role":"user","content":[{"type":"input_audio","input_audio":{}}]}]}""", "messages[0].content[0].type", "unsupported_parameter")]
    [InlineData("""{"model":"acme/chat","messages":[{"role":"robot","content":"hi"}]}""", "messages[0].role", "invalid_value")]
    [InlineData("""{"model":"acme/chat","messages":[{"role":"tool","content":"hi"}]}""", "messages[0].tool_call_id", "missing_required_parameter")]
    [InlineData("""{"model":"acme/chat","messages":[{"role":"user","content":""}]}""", "messages[0].content", "invalid_value")]
    [InlineData("""{"model":"acme/chat","messages":[{"role":"system","content":[{"type":"image_url","image_url":{"url":"http://example.com/a.png"}}]}]}""", "messages[0].content[0]", "invalid_value")]
    public async Task Chat_MalformedOrMistypedBody_Returns400NotServerError(string json, string? param, string code)
    {
        using var response = await _gateway.PostAsync("/v1/chat/completions", json);

        var error = await ErrorOf(response, HttpStatusCode.BadRequest);
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.Equal(param, error.GetProperty("param").GetString());
    }

    [Fact]
    public async Task Chat_MalformedJson_MessageGivesThePosition()
    {
        using var response = await _gateway.PostAsync("/v1/chat/completions", "{\"model\":\"acme/chat\",\n \"messages\": [oops]}");
        var error = await ErrorOf(response, HttpStatusCode.BadRequest);
        Assert.Contains("line 2", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Chat_ProviderRateLimited_Returns429WithRetryAfterAndRecordsUsage()
    {
        _gateway.Provider.OnChat = (_, _) => throw new GatewayException(new GatewayError(429, ErrorTypes.RateLimit, "ThrottlingException",
            "Too many requests.", Retryable: true, RetryAfter: TimeSpan.FromSeconds(2.2)));

        var error = await Assert.ThrowsAsync<ClientResultException>(() => _gateway.Chat().CompleteChatAsync([new UserChatMessage("hi")]));

        Assert.Equal(429, error.Status);
        var raw = error.GetRawResponse()!;
        Assert.True(raw.Headers.TryGetValue("Retry-After", out var retryAfter));
        Assert.Equal("3", retryAfter);
        Assert.True(raw.Headers.TryGetValue("x-request-id", out var requestId));
        var record = await _gateway.Usage.SingleForAsync(requestId!);
        Assert.Equal((429, "ThrottlingException", 0m), (record.Status, record.ErrorCode, record.CostUsd));
    }

    [Fact]
    public async Task Chat_ProviderThrowsUnexpectedly_Returns500WithRequestId()
    {
        _gateway.Provider.OnChat = (_, _) => throw new InvalidOperationException("boom with secret content");

        using var response = await _gateway.PostAsync("/v1/chat/completions", """{"model":"acme/chat","messages":[{"role":"user","content":"hi"}]}""");

        var error = await ErrorOf(response, HttpStatusCode.InternalServerError);
        var requestId = response.Headers.GetValues("x-request-id").Single();
        Assert.Contains(requestId, error.GetProperty("message").GetString());
        Assert.DoesNotContain("secret", error.GetProperty("message").GetString());
        Assert.Equal(500, (await _gateway.Usage.SingleForAsync(requestId)).Status);
    }

    [Fact]
    public async Task Chat_BodyOverLimit_Returns413()
    {
        await using var small = await TestGateway.StartAsync(s => s.Configure<OpenAiApiOptions>(o => o.MaxRequestBodyBytes = 1024 * 1024));
        var json = "{\"model\":\"acme/chat\",\"messages\":[{\"role\":\"user\",\"content\":\"" + new string('a', 2 * 1024 * 1024) + "\"}]}";

        using var response = await small.PostAsync("/v1/chat/completions", json);

        var error = await ErrorOf(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal("request_too_large", error.GetProperty("code").GetString());
    }

    [Fact]
    public async Task UnknownV1Path_Returns404OpenAiError()
    {
        using var response = await _gateway.PostAsync("/v1/completions", "{}");
        var error = await ErrorOf(response, HttpStatusCode.NotFound);
        Assert.Equal("unknown_url", error.GetProperty("code").GetString());
        Assert.True(response.Headers.Contains("x-request-id"));
    }

    internal static async Task<JsonElement> ErrorOf(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {status}, got {response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(text).RootElement.GetProperty("error");
    }
}
