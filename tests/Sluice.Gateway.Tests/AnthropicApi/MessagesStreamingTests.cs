using System.Text;
using Anthropic.Models.Messages;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Sluice.Core.Errors;
using Sluice.Core.Messages;
using Sluice.Gateway.OpenAi;
using Sluice.Gateway.Tests.AnthropicApi.TestHost;
using Sluice.Gateway.Tests.OpenAi.TestHost;

namespace Sluice.Gateway.Tests.AnthropicApi;

/// <summary>Streamed <c>/v1/messages</c>: Anthropic's SSE framing, the model name, ping keep-alives, error events.</summary>
public sealed class MessagesStreamingTests : IAsyncLifetime
{
    private const string StreamRequest = """{"model":"acme/claude","max_tokens":10,"stream":true,"messages":[{"role":"user","content":"Hi"}]}""";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly FakeMessagesProvider _provider = new();
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private TestGateway _gateway = null!;

    public async Task InitializeAsync() => _gateway = await TestGateway.StartAsync(services =>
    {
        services.AddSingleton<TimeProvider>(_clock);
        services.Configure<OpenAiApiOptions>(o => o.StreamKeepAliveInterval = TimeSpan.FromSeconds(5));
    }, _provider);

    public Task DisposeAsync() => _gateway.DisposeAsync().AsTask();

    [Fact]
    public async Task CreateStreaming_Sdk_TextAndTheModelAskedFor()
    {
        var client = AnthropicTestClients.Sdk(_gateway.BaseUrl, _gateway.Alice);
        var text = new StringBuilder();
        string? model = null;
        await foreach (var e in client.Messages.CreateStreaming(new MessageCreateParams
        {
            Model = TestGateway.MessagesModel,
            MaxTokens = 10,
            Messages = [new UserMessageParam("Hi")],
        }))
        {
            if (e.TryPickStart(out var start)) model = start!.Message.Model.Raw();
            if (e.TryPickContentBlockDelta(out var delta) && delta!.Delta.TryPickText(out var piece)) text.Append(piece!.Text);
        }

        Assert.Equal("Hi!", text.ToString());
        Assert.Equal(TestGateway.MessagesModel, model);
        Assert.True(_provider.Last!.Body["stream"]!.GetValue<bool>());
    }

    [Fact]
    public async Task CreateStreaming_Raw_AnthropicFramingAndUsageRecord()
    {
        using var response = await AnthropicTestClients.PostAsync(_gateway.Http, "/v1/messages", StreamRequest, _gateway.Alice);
        var body = await response.Content.ReadAsStringAsync();

        Assert.StartsWith("text/event-stream", response.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
        Assert.StartsWith("event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"acme/claude\",", body, StringComparison.Ordinal);
        Assert.Contains("\n\nevent: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hi\"}}\n\n", body, StringComparison.Ordinal);
        Assert.EndsWith("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n", body, StringComparison.Ordinal);
        var record = await _gateway.Usage.SingleForAsync(response.Headers.GetValues("request-id").Single());
        Assert.Equal(("messages.stream", 200, 12, 4, 2), (record.Operation, record.Status, record.PromptTokens, record.CachedTokens, record.CacheWriteTokens));
        Assert.NotNull(record.TimeToFirstTokenMs);
    }

    [Fact]
    public async Task CreateStreaming_UpstreamSilent_PingEventsInAnthropicForm()
    {
        var upstream = new ScriptedMessagesStream();
        _provider.OnStream = (_, _) => Task.FromResult<MessagesStream>(upstream);
        var sending = AnthropicTestClients.PostAsync(_gateway.Http, "/v1/messages", StreamRequest, _gateway.Alice, completion: HttpCompletionOption.ResponseHeadersRead);
        await upstream.WaitingForMore.WaitAsync(Patience);

        _clock.Advance(TimeSpan.FromSeconds(5));
        using var response = await sending.WaitAsync(Patience);
        await using var stream = await response.Content.ReadAsStreamAsync();
        var ping = "event: ping\ndata: {\"type\":\"ping\"}\n\n";
        Assert.Equal(ping, await ReadAsync(stream, ping.Length));

        foreach (var (type, json) in ScriptedMessagesStream.TextAnswer("late")) upstream.Push(type, json);
        upstream.Complete();
        var rest = await new StreamReader(stream).ReadToEndAsync();
        Assert.StartsWith("event: message_start\n", rest, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateStreaming_Sdk_PingsBetweenEventsAreIgnoredByTheSdk()
    {
        var upstream = new ScriptedMessagesStream();
        var answer = ScriptedMessagesStream.TextAnswer("after", " ping");
        _provider.OnStream = (_, _) => Task.FromResult<MessagesStream>(upstream);
        foreach (var (type, json) in answer[..3]) upstream.Push(type, json);
        var client = AnthropicTestClients.Sdk(_gateway.BaseUrl, _gateway.Alice);
        var reading = Task.Run(async () =>
        {
            var text = new StringBuilder();
            await foreach (var e in client.Messages.CreateStreaming(new MessageCreateParams
            {
                Model = TestGateway.MessagesModel,
                MaxTokens = 10,
                Messages = [new UserMessageParam("Hi")],
            }))
            {
                if (e.TryPickContentBlockDelta(out var delta) && delta!.Delta.TryPickText(out var piece)) text.Append(piece!.Text);
            }

            return text.ToString();
        });

        // The gateway has written the first three events and waits for more: a silence of the interval sends a ping.
        await upstream.WaitingForMore.WaitAsync(Patience);
        await upstream.WaitingForMore.WaitAsync(Patience);
        _clock.Advance(TimeSpan.FromSeconds(5));
        foreach (var (type, json) in answer[3..]) upstream.Push(type, json);
        upstream.Complete();

        Assert.Equal("after ping", await reading.WaitAsync(Patience));
    }

    [Fact]
    public async Task CreateStreaming_UpstreamFailsMidStream_ErrorEventAndFailedUsageRecord()
    {
        var upstream = new ScriptedMessagesStream();
        var answer = ScriptedMessagesStream.TextAnswer("partial");
        foreach (var (type, json) in answer[..3]) upstream.Push(type, json);
        upstream.Fail(new GatewayException(new GatewayError(429, ErrorTypes.RateLimit, "ThrottlingException", "Bedrock is rate limiting.",
            RetryAfter: TimeSpan.FromSeconds(2), Upstream: "bedrock:eu-west-1")));
        _provider.OnStream = (_, _) => Task.FromResult<MessagesStream>(upstream);

        using var response = await AnthropicTestClients.PostAsync(_gateway.Http, "/v1/messages", StreamRequest, _gateway.Alice);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(200, (int)response.StatusCode);
        Assert.EndsWith("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Bedrock is rate limiting.\"}}\n\n", body, StringComparison.Ordinal);
        var record = await _gateway.Usage.SingleForAsync(response.Headers.GetValues("request-id").Single());
        Assert.Equal((429, "ThrottlingException"), (record.Status, record.ErrorCode));
    }

    [Fact]
    public async Task CreateStreaming_UpstreamSlowToAccept_PingThenErrorEventWhenItFails()
    {
        var accepting = new TaskCompletionSource<MessagesStream>(TaskCreationOptions.RunContinuationsAsynchronously);
        var asked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _provider.OnStream = (_, _) =>
        {
            asked.TrySetResult();
            return accepting.Task;
        };
        var sending = AnthropicTestClients.PostAsync(_gateway.Http, "/v1/messages", StreamRequest, _gateway.Alice, completion: HttpCompletionOption.ResponseHeadersRead);
        await asked.Task.WaitAsync(Patience);

        _clock.Advance(TimeSpan.FromSeconds(5)); // e.g. a router still trying targets
        using var response = await sending.WaitAsync(Patience);
        await using var stream = await response.Content.ReadAsStreamAsync();
        var ping = "event: ping\ndata: {\"type\":\"ping\"}\n\n";
        Assert.Equal(ping, await ReadAsync(stream, ping.Length));

        accepting.SetException(new GatewayException(new GatewayError(503, ErrorTypes.Server, "no_target_available", "No target could serve.")));
        var rest = await new StreamReader(stream).ReadToEndAsync();
        Assert.Equal("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"No target could serve.\"}}\n\n", rest);
    }

    [Fact]
    public async Task CreateStreaming_UpstreamRefusesBeforeTheStream_PlainJsonError()
    {
        _provider.OnStream = (_, _) => throw new GatewayException(GatewayError.InvalidRequest("messages.1: thinking blocks out of order.", "messages.1"));

        using var response = await AnthropicTestClients.PostAsync(_gateway.Http, "/v1/messages", StreamRequest, _gateway.Alice);

        var error = await MessagesEndpointTests.AssertAnthropicErrorAsync(response, 400, "invalid_request_error");
        Assert.Equal("messages.1: thinking blocks out of order.", error.GetProperty("message").GetString());
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
    }

    private static async Task<string> ReadAsync(Stream stream, int length)
    {
        var buffer = new byte[length];
        await stream.ReadExactlyAsync(buffer).AsTask().WaitAsync(Patience);
        return Encoding.UTF8.GetString(buffer);
    }
}
