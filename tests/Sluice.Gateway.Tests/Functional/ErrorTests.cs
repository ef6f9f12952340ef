using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using OpenAI.Chat;
using Sluice.Bedrock.Emulator;

namespace Sluice.Gateway.Tests.Functional;

/// <summary>Every error a caller can meet, as the OpenAI SDK sees it and as raw OpenAI error JSON.</summary>
[Collection(FunctionalCollection.Name)]
public sealed class ErrorTests(FunctionalFixture fx)
{
    private const string Faulty = "keys/faulty";

    [Fact]
    public async Task CompleteChat_NGreaterThanOne_400NamesParamN()
    {
        var client = fx.OpenAi().GetChatClient("keys/nova-lite");
        using var body = BinaryContent.Create(BinaryData.FromString("""{"model":"keys/nova-lite","n":2,"messages":[{"role":"user","content":"hi"}]}"""));

        var e = await Assert.ThrowsAsync<ClientResultException>(() => client.CompleteChatAsync(body));

        Assert.Equal(400, e.Status);
        var error = AssertErrorShape(e.GetRawResponse()!);
        Assert.Equal("n", error.GetProperty("param").GetString());
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal("unsupported_parameter", error.GetProperty("code").GetString());
    }

    [Fact]
    public async Task CompleteChat_Logprobs_400NamesParamLogprobs()
    {
        var client = fx.OpenAi().GetChatClient("keys/nova-lite");

        var e = await Assert.ThrowsAsync<ClientResultException>(() =>
            client.CompleteChatAsync([new UserChatMessage("hi")], new ChatCompletionOptions { IncludeLogProbabilities = true }));

        Assert.Equal(400, e.Status);
        var error = AssertErrorShape(e.GetRawResponse()!);
        Assert.Equal("logprobs", error.GetProperty("param").GetString());
        Assert.Contains("logprobs", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CompleteChat_WrongGatewayKey_401WithRequestId()
    {
        var client = fx.OpenAi("sk-not-a-real-key").GetChatClient("keys/nova-lite");

        var e = await Assert.ThrowsAsync<ClientResultException>(() => client.CompleteChatAsync([new UserChatMessage("hi")]));

        Assert.Equal(401, e.Status);
        AssertErrorShape(e.GetRawResponse()!);
        Assert.True(e.GetRawResponse()!.Headers.TryGetValue("x-request-id", out var id) && id!.Length > 0);
    }

    [Fact]
    public async Task CompleteChat_RegionTheIdentityMayNotUse_403NamesRegion()
    {
        var client = fx.OpenAi().GetChatClient("keys2/llama-west");

        var e = await Assert.ThrowsAsync<ClientResultException>(() => client.CompleteChatAsync([new UserChatMessage("hi")]));

        Assert.Equal(403, e.Status);
        var error = AssertErrorShape(e.GetRawResponse()!);
        Assert.Equal("permission_error", error.GetProperty("type").GetString());
        Assert.Equal("AccessDeniedException", error.GetProperty("code").GetString());
        var message = error.GetProperty("message").GetString()!;
        Assert.Contains("us-west-2", message, StringComparison.Ordinal);
        Assert.Contains("gateway-user-2", message, StringComparison.Ordinal);
        var headers = e.GetRawResponse()!.Headers;
        Assert.True(headers.TryGetValue("x-request-id", out _));
        Assert.Equal("meta.llama3-1-8b-instruct-v1:0", headers.TryGetValue("x-sluice-upstream-model-id", out var m) ? m : null);
        Assert.Equal("us-west-2", headers.TryGetValue("x-sluice-upstream-region", out var r) ? r : null);
    }

    [Fact]
    public async Task CompleteChat_UnknownModel_404WithRequestId()
    {
        var client = fx.OpenAi().GetChatClient("keys/no-such-model");

        var e = await Assert.ThrowsAsync<ClientResultException>(() => client.CompleteChatAsync([new UserChatMessage("hi")]));

        Assert.Equal(404, e.Status);
        var error = AssertErrorShape(e.GetRawResponse()!);
        Assert.Contains("keys/no-such-model", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.True(e.GetRawResponse()!.Headers.TryGetValue("x-request-id", out _));
    }

    [Fact]
    public Task CompleteChat_Throttled_429WithRetryAfter() => fx.WithFaultAsync(k => { k.Fault = EmulatorFault.Throttle; k.FaultCount = 1; }, async () =>
    {
        // No SDK retries: the fault is set for one call only, and a retry would hide it.
        var options = new global::OpenAI.OpenAIClientOptions { Endpoint = new Uri(fx.BaseUrl + "/v1"), RetryPolicy = new ClientRetryPolicy(maxRetries: 0) };
        var client = new ChatClient(Faulty, new ApiKeyCredential(fx.UserToken), options);

        var e = await Assert.ThrowsAsync<ClientResultException>(() => client.CompleteChatAsync([new UserChatMessage("hi")]));

        Assert.Equal(429, e.Status);
        var raw = e.GetRawResponse()!;
        var error = AssertErrorShape(raw);
        Assert.Equal("rate_limit_error", error.GetProperty("type").GetString());
        Assert.Equal("ThrottlingException", error.GetProperty("code").GetString());
        Assert.True(raw.Headers.TryGetValue("Retry-After", out var retryAfter), "429 without Retry-After");
        Assert.True(int.Parse(retryAfter!, System.Globalization.CultureInfo.InvariantCulture) >= 1);
        Assert.Equal("amazon.nova-pro-v1:0", raw.Headers.TryGetValue("x-sluice-upstream-model-id", out var m) ? m : null);
        Assert.Equal("us-east-1", raw.Headers.TryGetValue("x-sluice-upstream-region", out var r) ? r : null);
    });

    [Theory]
    [InlineData(EmulatorFault.Internal, 502, "InternalServerException", "upstream_error")]
    [InlineData(EmulatorFault.Unavailable, 503, "ServiceUnavailableException", "server_error")]
    public Task CompleteChat_UpstreamServerFault_MappedStatusAndCode(EmulatorFault fault, int status, string code, string type) =>
        fx.WithFaultAsync(k => { k.Fault = fault; k.FaultCount = 1; }, async () =>
        {
            var (actual, body, text, headers) = await fx.SendAsync(HttpMethod.Post, "/v1/chat/completions",
                $$"""{"model":"{{Faulty}}","messages":[{"role":"user","content":"hi"}]}""");

            Assert.True(actual == status, text);
            var error = body.GetProperty("error");
            Assert.Equal(code, error.GetProperty("code").GetString());
            Assert.Equal(type, error.GetProperty("type").GetString());
            Assert.True(headers.Contains("x-request-id"));
        });

    [Fact]
    public Task CompleteChat_ConnectionDroppedBeforeAnswer_5xxJsonError() =>
        fx.WithFaultAsync(k => { k.Fault = EmulatorFault.DropConnection; k.FaultCount = 1; }, async () =>
        {
            var (status, body, text, _) = await fx.SendAsync(HttpMethod.Post, "/v1/chat/completions",
                $$"""{"model":"{{Faulty}}","messages":[{"role":"user","content":"hi"}]}""");

            Assert.True(status >= 500, text);
            Assert.False(string.IsNullOrEmpty(body.GetProperty("error").GetProperty("message").GetString()));
        });

    [Fact]
    public Task CompleteChatStreaming_ThrottledBeforeFirstByte_Plain429Json() =>
        fx.WithFaultAsync(k => { k.Fault = EmulatorFault.Throttle; k.FaultCount = 1; }, async () =>
        {
            var (status, body, text, headers) = await fx.SendAsync(HttpMethod.Post, "/v1/chat/completions",
                $$"""{"model":"{{Faulty}}","stream":true,"messages":[{"role":"user","content":"hi"}]}""");

            Assert.True(status == 429, text);
            Assert.Equal("ThrottlingException", body.GetProperty("error").GetProperty("code").GetString());
            Assert.NotNull(headers.RetryAfter);
        });

    [Fact]
    public Task CompleteChatStreaming_ExceptionMidStream_SseErrorEventThenEndWithoutDone() =>
        fx.WithFaultAsync(k => { k.Fault = EmulatorFault.StreamException; k.FaultAfterEvents = 4; k.StreamExceptionType = "modelStreamErrorException"; k.FaultCount = 1; }, async () =>
        {
            var events = await StreamEventsAsync();

            Assert.Contains(events, e => e.Event is null && e.Data.Contains("\"content\"", StringComparison.Ordinal));
            var last = events[^1];
            Assert.Equal("error", last.Event);
            var error = JsonDocument.Parse(last.Data).RootElement.GetProperty("error");
            Assert.Equal("ModelStreamErrorException", error.GetProperty("code").GetString());
            Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
            Assert.DoesNotContain(events, e => e.Data == "[DONE]");
        });

    [Fact]
    public Task CompleteChatStreaming_ConnectionDroppedMidStream_SseErrorEvent() =>
        fx.WithFaultAsync(k => { k.Fault = EmulatorFault.DropConnection; k.FaultAfterEvents = 4; k.FaultCount = 1; }, async () =>
        {
            var events = await StreamEventsAsync();

            Assert.Contains(events, e => e.Event is null && e.Data.Contains("\"content\"", StringComparison.Ordinal));
            Assert.Equal("error", events[^1].Event);
            var error = JsonDocument.Parse(events[^1].Data).RootElement.GetProperty("error");
            Assert.False(string.IsNullOrEmpty(error.GetProperty("type").GetString()));
            Assert.DoesNotContain(events, e => e.Data == "[DONE]");
        });

    [Fact]
    public async Task CompleteChatStreaming_ErrorMidStreamThroughSdk_SdkThrowsAfterText()
    {
        await fx.WithFaultAsync(k => { k.Fault = EmulatorFault.StreamException; k.FaultAfterEvents = 4; k.FaultCount = 1; }, async () =>
        {
            var client = fx.OpenAi().GetChatClient(Faulty);
            var text = new StringBuilder();

            var e = await Record.ExceptionAsync(async () =>
            {
                await foreach (var update in client.CompleteChatStreamingAsync([new UserChatMessage("w1 w2 w3 w4 w5 w6 w7 w8 w9 w10")]))
                {
                    foreach (var part in update.ContentUpdate) text.Append(part.Text);
                }
            });

            // The SDK must not see a complete answer: either it raises the error event, or the text stops short.
            Assert.True(e is not null || text.ToString() != "w1 w2 w3 w4 w5 w6 w7 w8 w9 w10", $"stream looked complete: '{text}'");
            Assert.StartsWith("w1", text.ToString(), StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task CompleteChat_ProfileOnlyModelByPlainId_400NamesProfileToUse()
    {
        var client = fx.OpenAi().GetChatClient("keys/nova-micro");

        var e = await Assert.ThrowsAsync<ClientResultException>(() => client.CompleteChatAsync([new UserChatMessage("hi")]));

        Assert.Equal(400, e.Status);
        var error = AssertErrorShape(e.GetRawResponse()!);
        Assert.Contains("us.amazon.nova-micro-v1:0", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("ValidationException", error.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Apply_ProfileOnlyModelByPlainId_RefusedNamingTheProfileId()
    {
        const string manifest = """
            name: keys
            type: provider-account/aws-bedrock
            region: us-east-1
            auth_data:
              type: access-key-based
              access_key_id: AKIDEXAMPLEUSER1
              secret_access_key: x
            integrations:
              - name: claude-sonnet-4-5
                type: integration/model/bedrock
                model_id: anthropic.claude-sonnet-4-5-20250929-v1:0
                model_types: [chat]
            """;

        var (status, _, text, _) = await fx.SendAsync(HttpMethod.Post, "/api/v1/apply?dryRun=true", manifest, fx.AdminToken, "application/yaml");

        Assert.Equal(400, status);
        Assert.Contains("us.anthropic.claude-sonnet-4-5-20250929-v1:0", text, StringComparison.Ordinal);
        Assert.Contains("model_id", text, StringComparison.Ordinal);
    }

    private async Task<List<(string? Event, string Data)>> StreamEventsAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, fx.BaseUrl + "/v1/chat/completions")
        {
            Content = new StringContent($$"""{"model":"{{Faulty}}","stream":true,"messages":[{"role":"user","content":"w1 w2 w3 w4 w5 w6 w7 w8 w9 w10"}]}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", fx.UserToken);
        using var response = await fx.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.Contains("x-request-id"));
        Assert.Equal(FunctionalFixture.FaultModel, response.Headers.GetValues("x-sluice-upstream-model-id").Single());
        Assert.Equal("us-east-1", response.Headers.GetValues("x-sluice-upstream-region").Single());
        var text = await response.Content.ReadAsStringAsync(); // returns only once the gateway ends the stream
        return ChatTests.SseEvents(text);
    }

    private static JsonElement AssertErrorShape(PipelineResponse response)
    {
        Assert.Equal("application/json", response.Headers.TryGetValue("Content-Type", out var ct) ? ct!.Split(';')[0] : null);
        var error = JsonDocument.Parse(response.Content.ToString()).RootElement.GetProperty("error");
        foreach (var key in new[] { "message", "type", "param", "code" })
        {
            Assert.True(error.TryGetProperty(key, out _), $"error JSON lacks '{key}': {error.GetRawText()}");
        }

        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
        return error;
    }
}
