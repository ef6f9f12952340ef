using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Anthropic.Exceptions;
using Anthropic.Models.Messages;
using Sluice.Bedrock.Emulator;
using Sluice.Gateway.Tests.AnthropicApi.TestHost;
using static Sluice.Gateway.Tests.AnthropicApi.Functional.AnthropicFunctionalFixture;

namespace Sluice.Gateway.Tests.AnthropicApi.Functional;

/// <summary>Every error a Messages caller can meet, in Anthropic's shape, against the gateway and the emulator.</summary>
[Collection(AnthropicFunctionalCollection.Name)]
public sealed class MessagesErrorFunctionalTests(AnthropicFunctionalFixture fixture)
{
    private static MessageCreateParams Hello(string model = Claude) => new()
    {
        Model = model,
        MaxTokens = 100,
        Messages = [new UserMessageParam("Hello")],
    };

    [Fact]
    public async Task Create_WrongKey_AuthenticationError()
    {
        var e = await Assert.ThrowsAsync<AnthropicUnauthorizedException>(() => fixture.Sdk(NewRequestId(), key: "sk-wrong").Messages.Create(Hello()));

        Assert.Contains("not valid", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_ModelOfAnotherTeam_PermissionError()
    {
        await Assert.ThrowsAsync<AnthropicForbiddenException>(() => fixture.Sdk(NewRequestId()).Messages.Create(Hello(Forbidden)));
    }

    [Fact]
    public async Task Create_UnknownModel_NotFoundError()
    {
        var e = await Assert.ThrowsAsync<AnthropicNotFoundException>(() => fixture.Sdk(NewRequestId()).Messages.Create(Hello("gpt-4o")));

        Assert.Contains("gpt-4o", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_AnthropicModelName_ServedThroughTheAlias()
    {
        var message = await fixture.Sdk(NewRequestId()).Messages.Create(Hello(AnthropicName));

        Assert.Equal(AnthropicName, message.Model.Raw());
    }

    [Fact]
    public async Task Create_MissingMaxTokens_InvalidRequestNamingTheField()
    {
        using var response = await AnthropicTestClients.PostAsync(fixture.Http, fixture.BaseUrl + "/v1/messages",
            $$"""{"model":"{{Claude}}","messages":[{"role":"user","content":"Hi"}]}""", fixture.UserToken);

        var error = await MessagesEndpointTests.AssertAnthropicErrorAsync(response, 400, "invalid_request_error");
        Assert.Equal("max_tokens: Field required.", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Create_Throttled_OverloadedWithRetryAfter() => await fixture.WithFaultAsync(k =>
    {
        k.Fault = EmulatorFault.Throttle;
        k.RetryAfterSeconds = 7;
    }, async () =>
    {
        using var response = await AnthropicTestClients.PostAsync(fixture.Http, fixture.BaseUrl + "/v1/messages",
            $$"""{"model":"{{Claude}}","max_tokens":10,"messages":[{"role":"user","content":"Hi"}]}""", fixture.UserToken);

        await MessagesEndpointTests.AssertAnthropicErrorAsync(response, 529, "overloaded_error");
        Assert.Equal("7", response.Headers.GetValues("Retry-After").Single());
        await Assert.ThrowsAsync<AnthropicOverloadedException>(() => fixture.Sdk(NewRequestId()).Messages.Create(Hello()));
    });

    [Fact]
    public async Task CreateStreaming_FailsMidStream_ErrorEventAndFailedRecord() => await fixture.WithFaultAsync(k =>
    {
        k.Fault = EmulatorFault.StreamException;
        k.FaultAfterEvents = 3;
    }, async () =>
    {
        var id = NewRequestId();
        using var request = new HttpRequestMessage(HttpMethod.Post, fixture.BaseUrl + "/v1/messages")
        {
            Content = new StringContent($$"""{"model":"{{Claude}}","max_tokens":50,"stream":true,"messages":[{"role":"user","content":"one two three four five six"}]}""",
                Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("x-api-key", fixture.UserToken);
        request.Headers.Add("x-request-id", id);
        using var response = await fixture.Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(200, (int)response.StatusCode);
        Assert.StartsWith("event: message_start\n", body, StringComparison.Ordinal);
        var last = body.TrimEnd('\n').Split("\n\n")[^1];
        Assert.StartsWith("event: error\ndata: ", last, StringComparison.Ordinal);
        using var error = JsonDocument.Parse(last["event: error\ndata: ".Length..]);
        Assert.Equal("overloaded_error", error.RootElement.GetProperty("error").GetProperty("type").GetString());
        var record = await fixture.UsageRecordAsync(id);
        Assert.Equal(429, record.GetProperty("status").GetInt32());
        Assert.Equal("messages.stream", record.GetProperty("operation").GetString());

        // The SDK surfaces the error event as an exception while iterating.
        await Assert.ThrowsAnyAsync<AnthropicException>(async () =>
        {
            await foreach (var _ in fixture.Sdk(NewRequestId()).Messages.CreateStreaming(Hello()))
            {
            }
        });
    });

    [Fact]
    public async Task Create_TranslatedModelWithAParameterItCannotHonour_RefusedUnlessDropParams()
    {
        var body = $$$"""
            {"model":"{{{Nova}}}","max_tokens":50,"tool_choice":{"type":"auto","disable_parallel_tool_use":true},
             "tools":[{"name":"f","input_schema":{"type":"object"}}],"messages":[{"role":"user","content":"Hi"}]}
            """;

        using var refused = await AnthropicTestClients.PostAsync(fixture.Http, fixture.BaseUrl + "/v1/messages", body, fixture.UserToken);
        await MessagesEndpointTests.AssertAnthropicErrorAsync(refused, 400, "invalid_request_error");

        using var request = new HttpRequestMessage(HttpMethod.Post, fixture.BaseUrl + "/v1/messages") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("x-api-key", fixture.UserToken);
        request.Headers.Add("x-sluice-drop-params", "true");
        using var dropped = await fixture.Http.SendAsync(request);
        Assert.Equal(200, (int)dropped.StatusCode);
        Assert.Contains("parallel_tool_calls", dropped.Headers.GetValues("x-sluice-dropped-params").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Models_WithAnthropicVersion_AnthropicListOfCallableModels()
    {
        using var request = AnthropicTestClients.Get(fixture.BaseUrl + "/v1/models", fixture.UserToken, anthropicVersion: true);
        using var response = await fixture.Http.SendAsync(request);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        var ids = json.RootElement.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("id").GetString()!).ToArray();
        Assert.Equal([Nova, Claude37, Claude, Routed], ids);
        Assert.Equal(Nova, json.RootElement.GetProperty("first_id").GetString());
    }
}
