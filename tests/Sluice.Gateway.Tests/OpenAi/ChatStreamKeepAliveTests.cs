using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Sluice.Core.Chat;
using Sluice.Core.Errors;
using Sluice.Gateway.OpenAi;
using Sluice.Gateway.Tests.OpenAi.TestHost;
using CoreFinish = Sluice.Core.Chat.FinishReason;

namespace Sluice.Gateway.Tests.OpenAi;

/// <summary>SSE keep-alive comments during silences of the upstream, on a clock the test moves.</summary>
public sealed class ChatStreamKeepAliveTests : IAsyncLifetime
{
    private const string KeepAlive = ": keep-alive\n\n";
    private const string StreamRequest = """{"model":"acme/chat","stream":true,"messages":[{"role":"user","content":"think"}]}""";
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private readonly ScriptedChatStream _upstream = new();
    private TestGateway? _gateway;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_gateway is not null) await _gateway.DisposeAsync();
    }

    [Fact]
    public async Task StreamChat_UpstreamSilentForTheInterval_ClientGetsKeepAlivesOnlyAfterSilences()
    {
        var gateway = await StartAsync(Interval);
        var sending = gateway.PostAsync("/v1/chat/completions", StreamRequest, completion: HttpCompletionOption.ResponseHeadersRead);
        await _upstream.WaitingForMore.WaitAsync(Patience);

        _clock.Advance(Interval); // t=5: silent since the start, before any chunk
        using var response = await sending.WaitAsync(Patience);
        await using var body = await response.Content.ReadAsStreamAsync();
        var text = new StringBuilder();
        await ReadUntilAsync(body, text, KeepAlive, 1);
        await PushAndWaitUntilWrittenAsync("Hel"); // t=5, right after the keep-alive: the timer is due again at t=10
        _clock.Advance(TimeSpan.FromSeconds(3));
        await PushAndWaitUntilWrittenAsync("lo"); // t=8
        _clock.Advance(TimeSpan.FromSeconds(3)); // t=11: the timer was due at t=10, but the stream spoke 2 s before
        await PushAndWaitUntilWrittenAsync("!");
        _clock.Advance(Interval); // t=16: 5 s of silence since "!"
        await ReadUntilAsync(body, text, KeepAlive, 2);
        _upstream.Push(ChatStreamUpdate.Finish(CoreFinish.Stop));
        _upstream.Complete();
        await ReadToEndAsync(body, text);

        var sse = text.ToString();
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith(KeepAlive + "data: ", sse);
        Assert.Equal(2, Occurrences(sse, KeepAlive));
        var afterLo = sse.IndexOf("\"lo\"", StringComparison.Ordinal);
        var bang = sse.IndexOf("\"!\"", StringComparison.Ordinal);
        var second = sse.LastIndexOf(KeepAlive, StringComparison.Ordinal);
        Assert.True(afterLo < bang && bang < second && second < sse.IndexOf("\"finish_reason\":\"stop\"", StringComparison.Ordinal), sse);
        Assert.EndsWith("data: [DONE]\n\n", sse);
    }

    [Fact]
    public async Task StreamChat_UpstreamFailsAfterAKeepAlive_ClientGetsSseErrorEventWithStatus200()
    {
        var gateway = await StartAsync(Interval);
        var sending = gateway.PostAsync("/v1/chat/completions", StreamRequest, completion: HttpCompletionOption.ResponseHeadersRead);
        await _upstream.WaitingForMore.WaitAsync(Patience);

        _clock.Advance(Interval); // the model thinks; the client gets a keep-alive, and with it status 200
        using var response = await sending.WaitAsync(Patience);
        await using var body = await response.Content.ReadAsStreamAsync();
        var text = new StringBuilder();
        await ReadUntilAsync(body, text, KeepAlive, 1);
        _upstream.Fail(new GatewayException(new GatewayError(400, ErrorTypes.InvalidRequest, "ValidationException", "Bad input.")));
        await ReadToEndAsync(body, text);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(KeepAlive + "event: error\ndata: {\"error\":{\"message\":\"Bad input.\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"ValidationException\"}}\n\n",
            text.ToString());
    }

    [Fact]
    public async Task StreamChat_KeepAliveOff_LongSilenceSendsNothingExtra()
    {
        var gateway = await StartAsync(TimeSpan.Zero);
        var sending = gateway.PostAsync("/v1/chat/completions", StreamRequest, completion: HttpCompletionOption.ResponseHeadersRead);
        await _upstream.WaitingForMore.WaitAsync(Patience);

        _clock.Advance(TimeSpan.FromHours(1));
        _upstream.Push(ChatStreamUpdate.TextDelta("Done thinking."));
        _upstream.Push(ChatStreamUpdate.Finish(CoreFinish.Stop));
        _upstream.Complete();
        using var response = await sending.WaitAsync(Patience);
        var sse = await response.Content.ReadAsStringAsync();

        Assert.StartsWith("data: ", sse);
        Assert.DoesNotContain(": keep-alive", sse);
        Assert.EndsWith("data: [DONE]\n\n", sse);
    }

    [Fact]
    public async Task StreamChat_RoutedCallStillWaitingForFirstUpdate_ClientGetsKeepAliveThenTheAnswer()
    {
        var gateway = await StartAsync(Interval);
        // A retry header routes even a real model: the router holds the stream until its first update.
        var sending = gateway.Http.SendAsync(Routed(gateway), HttpCompletionOption.ResponseHeadersRead);
        await _upstream.WaitingForMore.WaitAsync(Patience);

        _clock.Advance(Interval); // still no first update: a comment is not an answer byte, so it goes out
        using var response = await sending.WaitAsync(Patience);
        await using var body = await response.Content.ReadAsStreamAsync();
        var text = new StringBuilder();
        await ReadUntilAsync(body, text, KeepAlive, 1);
        _upstream.Push(ChatStreamUpdate.TextDelta("Hello"));
        _upstream.Push(ChatStreamUpdate.Finish(CoreFinish.Stop));
        _upstream.Complete();
        await ReadToEndAsync(body, text);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith(KeepAlive + "data: ", text.ToString());
        Assert.Contains("\"Hello\"", text.ToString());
        Assert.EndsWith("data: [DONE]\n\n", text.ToString());
    }

    [Fact]
    public async Task StreamChat_RoutedCallFailsAfterAKeepAliveBeforeFirstUpdate_ClientGetsSseErrorEvent()
    {
        var gateway = await StartAsync(Interval);
        var sending = gateway.Http.SendAsync(Routed(gateway), HttpCompletionOption.ResponseHeadersRead);
        await _upstream.WaitingForMore.WaitAsync(Patience);

        _clock.Advance(Interval);
        using var response = await sending.WaitAsync(Patience);
        await using var body = await response.Content.ReadAsStreamAsync();
        var text = new StringBuilder();
        await ReadUntilAsync(body, text, KeepAlive, 1);
        _upstream.Fail(new GatewayException(new GatewayError(400, ErrorTypes.InvalidRequest, "ValidationException", "Bad input.")));
        await ReadToEndAsync(body, text);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(KeepAlive + "event: error\ndata: {\"error\":{\"message\":\"Bad input.\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"ValidationException\"}}\n\n",
            text.ToString());
    }

    [Fact]
    public async Task StreamChat_RoutedCallFailsBeforeAnyKeepAlive_ClientGetsJsonError()
    {
        var gateway = await StartAsync(Interval);
        var sending = gateway.Http.SendAsync(Routed(gateway));
        await _upstream.WaitingForMore.WaitAsync(Patience);

        _upstream.Fail(new GatewayException(new GatewayError(400, ErrorTypes.InvalidRequest, "ValidationException", "Bad input.")));
        using var response = await sending.WaitAsync(Patience);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.False(response.Headers.Contains("X-Accel-Buffering"));
    }

    private static HttpRequestMessage Routed(TestGateway gateway)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = new StringContent(StreamRequest, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", gateway.Alice);
        request.Headers.Add("x-tfy-retry-config", "{\"attempts\":0}");
        return request;
    }

    private async Task PushAndWaitUntilWrittenAsync(string text)
    {
        _upstream.Push(ChatStreamUpdate.TextDelta(text));
        await _upstream.WaitingForMore.WaitAsync(Patience);
    }

    private async Task<TestGateway> StartAsync(TimeSpan interval)
    {
        _gateway = await TestGateway.StartAsync(services =>
        {
            services.AddSingleton<TimeProvider>(_clock);
            services.Configure<OpenAiApiOptions>(o => o.StreamKeepAliveInterval = interval);
        });
        _gateway.Provider.OnStream = (_, _) => Task.FromResult<ChatStream>(_upstream);
        return _gateway;
    }

    /// <summary>Reads until <paramref name="marker"/> occurs <paramref name="count"/> times in everything read so far.</summary>
    private static async Task ReadUntilAsync(Stream body, StringBuilder text, string marker, int count)
    {
        var buffer = new byte[1024];
        while (Occurrences(text.ToString(), marker) < count)
        {
            var read = await body.ReadAsync(buffer).AsTask().WaitAsync(Patience);
            if (read == 0) throw new InvalidOperationException($"The stream ended before {count} × {marker.Trim()}: {text}");
            text.Append(Encoding.UTF8.GetString(buffer, 0, read));
        }
    }

    private static async Task ReadToEndAsync(Stream body, StringBuilder text)
    {
        using var reader = new StreamReader(body);
        text.Append(await reader.ReadToEndAsync().WaitAsync(Patience));
    }

    private static int Occurrences(string text, string marker)
    {
        var count = 0;
        for (var at = text.IndexOf(marker, StringComparison.Ordinal); at >= 0; at = text.IndexOf(marker, at + marker.Length, StringComparison.Ordinal)) count++;
        return count;
    }
}
