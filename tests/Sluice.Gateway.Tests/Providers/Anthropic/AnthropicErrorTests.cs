using System.Text.Json;
using Sluice.Anthropic.Emulator;
using static Sluice.Gateway.Tests.Providers.Anthropic.AnthropicProviderFixture;

namespace Sluice.Gateway.Tests.Providers.Anthropic;

/// <summary>Anthropic's failures as callers of <c>/v1/chat/completions</c> (OpenAI's shape) and <c>/v1/messages</c> (Anthropic's) see them.</summary>
[Collection(AnthropicProviderCollection.Name)]
public sealed class AnthropicErrorTests(AnthropicProviderFixture fx)
{
    private static string Chat(string model, bool stream = false) =>
        $$"""{"model":"{{model}}","stream":{{(stream ? "true" : "false")}},"messages":[{"role":"user","content":"one two three four five six"}]}""";

    private static string Messages(string model, bool stream = false) =>
        $$"""{"model":"{{model}}","max_tokens":50,"stream":{{(stream ? "true" : "false")}},"messages":[{"role":"user","content":"one two three four five six"}]}""";

    [Fact]
    public async Task Chat_AccountKeyRejected_BadGatewaySayingToCheckTheKey()
    {
        var (status, body, _) = await fx.PostAsync("/v1/chat/completions", Chat(BadKey), NewRequestId());

        Assert.Equal(502, status);
        var error = JsonDocument.Parse(body).RootElement.GetProperty("error");
        Assert.Equal("authentication_error", error.GetProperty("code").GetString());
        Assert.Contains("auth_data.api_key", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("not-a-key", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_UnknownModelAtAnthropic_NotFoundNamingTheModel()
    {
        var (status, body, _) = await fx.PostAsync("/v1/chat/completions", Chat(Missing), NewRequestId());

        Assert.Equal(404, status);
        var error = JsonDocument.Parse(body).RootElement.GetProperty("error");
        Assert.Equal("not_found_error", error.GetProperty("type").GetString());
        Assert.Contains("claude-nonexistent-1", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Messages_UnknownModelAtAnthropic_AnthropicNotFound()
    {
        var (status, body, _) = await fx.PostAsync("/v1/messages", Messages(Missing), NewRequestId());

        Assert.Equal(404, status);
        Assert.Equal("not_found_error", JsonDocument.Parse(body).RootElement.GetProperty("error").GetProperty("type").GetString());
    }

    [Fact]
    public async Task Chat_RateLimited_429WithAnthropicsRetryAfterAndFailedRecord() => await fx.WithAnthropicFaultAsync(k =>
    {
        k.Fault = AnthropicFault.RateLimit;
        k.RetryAfterSeconds = 9;
    }, async () =>
    {
        var id = NewRequestId();
        var (status, body, headers) = await fx.PostAsync("/v1/chat/completions", Chat(Sonnet), id);

        Assert.Equal(429, status);
        Assert.Equal("9", headers.GetValues("Retry-After").Single());
        Assert.Equal("rate_limit_error", JsonDocument.Parse(body).RootElement.GetProperty("error").GetProperty("type").GetString());
        Assert.Equal(429, (await fx.UsageAsync(id)).Single().GetProperty("status").GetInt32());
    });

    [Fact]
    public async Task Messages_RateLimited_OverloadedWithRetryAfter() => await fx.WithAnthropicFaultAsync(k =>
    {
        k.Fault = AnthropicFault.RateLimit;
        k.RetryAfterSeconds = 4;
    }, async () =>
    {
        var (status, body, headers) = await fx.PostAsync("/v1/messages", Messages(Sonnet), NewRequestId());

        // Upstream throttling reaches Messages callers as 529 overloaded_error, what Claude Code waits out and retries.
        Assert.Equal(529, status);
        Assert.Equal("4", headers.GetValues("Retry-After").Single());
        Assert.Equal("overloaded_error", JsonDocument.Parse(body).RootElement.GetProperty("error").GetProperty("type").GetString());
    });

    [Fact]
    public async Task Chat_ApiError_BadGatewayRetryable() => await fx.WithAnthropicFaultAsync(k => k.Fault = AnthropicFault.ApiError, async () =>
    {
        var (status, body, _) = await fx.PostAsync("/v1/chat/completions", Chat(Sonnet), NewRequestId());

        Assert.Equal(502, status);
        Assert.Equal("api_error", JsonDocument.Parse(body).RootElement.GetProperty("error").GetProperty("code").GetString());
    });

    [Fact]
    public async Task Messages_ApiError_AnthropicApiError() => await fx.WithAnthropicFaultAsync(k => k.Fault = AnthropicFault.ApiError, async () =>
    {
        var (status, body, _) = await fx.PostAsync("/v1/messages", Messages(Sonnet), NewRequestId());

        Assert.Equal(500, status);
        Assert.Equal("api_error", JsonDocument.Parse(body).RootElement.GetProperty("error").GetProperty("type").GetString());
    });

    [Fact]
    public async Task Chat_Overloaded_ServiceUnavailable() => await fx.WithAnthropicFaultAsync(k => k.Fault = AnthropicFault.Overloaded, async () =>
    {
        var (status, body, _) = await fx.PostAsync("/v1/chat/completions", Chat(Sonnet), NewRequestId());

        Assert.Equal(503, status);
        Assert.Equal("overloaded_error", JsonDocument.Parse(body).RootElement.GetProperty("error").GetProperty("code").GetString());
    });

    [Fact]
    public async Task Messages_Overloaded_Anthropic529() => await fx.WithAnthropicFaultAsync(k => k.Fault = AnthropicFault.Overloaded, async () =>
    {
        var (status, body, _) = await fx.PostAsync("/v1/messages", Messages(Sonnet), NewRequestId());

        Assert.Equal(529, status);
        Assert.Equal("overloaded_error", JsonDocument.Parse(body).RootElement.GetProperty("error").GetProperty("type").GetString());
    });

    [Fact]
    public async Task ChatStream_ErrorEventMidStream_ClientGetsErrorChunkNotAStop() => await fx.WithAnthropicFaultAsync(k =>
    {
        k.Fault = AnthropicFault.StreamError;
        k.FaultAfterEvents = 4;
    }, async () =>
    {
        var id = NewRequestId();
        var (status, body, _) = await fx.PostAsync("/v1/chat/completions", Chat(Sonnet, stream: true), id);

        Assert.Equal(200, status);
        Assert.Contains("\"content\":\"one\"", body, StringComparison.Ordinal);
        Assert.Contains("overloaded_error", body, StringComparison.Ordinal);
        Assert.DoesNotContain("\"finish_reason\":\"stop\"", body, StringComparison.Ordinal);
        Assert.NotEqual(200, (await fx.UsageAsync(id)).Single().GetProperty("status").GetInt32());
    });

    [Fact]
    public async Task MessagesStream_ErrorEventMidStream_RelayedAsAnthropicErrorEvent() => await fx.WithAnthropicFaultAsync(k =>
    {
        k.Fault = AnthropicFault.StreamError;
        k.FaultAfterEvents = 4;
    }, async () =>
    {
        var (status, body, _) = await fx.PostAsync("/v1/messages", Messages(Sonnet, stream: true), NewRequestId());

        Assert.Equal(200, status);
        Assert.StartsWith("event: message_start\n", body, StringComparison.Ordinal);
        var last = body.TrimEnd('\n').Split("\n\n")[^1];
        Assert.StartsWith("event: error\ndata: ", last, StringComparison.Ordinal);
        Assert.Equal("overloaded_error", JsonDocument.Parse(last["event: error\ndata: ".Length..]).RootElement.GetProperty("error").GetProperty("type").GetString());
        Assert.DoesNotContain("message_stop", body, StringComparison.Ordinal);
    });

    [Fact]
    public async Task TestAccount_GoodKey_OkAfterAnAuthenticatedCall()
    {
        var before = fx.Anthropic.Received.Count(r => r.Path.StartsWith("/v1/models", StringComparison.Ordinal));
        var (status, body, text) = await fx.SendAsync(HttpMethod.Post, "/api/v1/provider-accounts/anthropic/test", null, fx.AdminToken);

        Assert.True(status == 200, text);
        Assert.True(body.GetProperty("ok").GetBoolean(), text);
        Assert.Equal(before + 1, fx.Anthropic.Received.Count(r => r.Path.StartsWith("/v1/models", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task TestAccount_Model_ChecksTheModel()
    {
        var (_, ok, okText) = await fx.SendAsync(HttpMethod.Post, "/api/v1/provider-accounts/anthropic/test", """{"model":"sonnet"}""", fx.AdminToken);
        var (_, missing, missingText) = await fx.SendAsync(HttpMethod.Post, "/api/v1/provider-accounts/anthropic/test", """{"model":"missing"}""", fx.AdminToken);

        Assert.True(ok.GetProperty("ok").GetBoolean(), okText);
        Assert.False(missing.GetProperty("ok").GetBoolean(), missingText);
        Assert.Contains("claude-nonexistent-1", missing.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TestAccount_RejectedKey_FailedSayingSoWithoutTheKey()
    {
        var (status, body, text) = await fx.SendAsync(HttpMethod.Post, "/api/v1/provider-accounts/anthropic-badkey/test", null, fx.AdminToken);

        Assert.True(status == 200, text);
        Assert.False(body.GetProperty("ok").GetBoolean());
        Assert.Equal("failed", body.GetProperty("status").GetString());
        Assert.Contains("api_key", body.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("not-a-key", text, StringComparison.Ordinal);
    }
}
