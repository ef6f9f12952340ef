using System.ClientModel;
using OpenAI.Chat;
using Sluice.OpenAI.Emulator;
using OpenAiFault = Sluice.OpenAI.Emulator.EmulatorFault;

namespace Sluice.Gateway.Tests.OpenAiProvider;

/// <summary>OpenAI's errors as a caller of the gateway sees them: statuses, codes, Retry-After and advice.</summary>
[Collection(OpenAiCollection.Name)]
public sealed class OpenAiErrorTests(OpenAiFixture fx)
{
    private const string Hello = """{"model":"openai/faulty","messages":[{"role":"user","content":"hello"}]}""";

    [Fact]
    public async Task CompleteChat_AccountKeyRejected_502TellsToCheckTheAccountKey()
    {
        var client = fx.Client().GetChatClient("openai-wrong-key/gpt-4o-mini");

        var e = await Assert.ThrowsAsync<ClientResultException>(() => client.CompleteChatAsync([new UserChatMessage("hi")]));

        Assert.Equal(502, e.Status);
        Assert.Contains("Check the account's API key", e.Message, StringComparison.Ordinal);
        Assert.Contains("invalid_api_key", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-wrong-0000000000000000", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CompleteChat_UpstreamHasNoSuchModel_404NamesTheModel()
    {
        var (status, body, text) = await fx.SendAsync(HttpMethod.Post, "/v1/chat/completions", """{"model":"openai/missing","messages":[{"role":"user","content":"hi"}]}""");

        Assert.True(status == 404, text);
        Assert.Equal("model_not_found", body.GetProperty("error").GetProperty("code").GetString());
        Assert.Contains("gpt-9-imaginary", body.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CompleteChat_RateLimited_429WithRetryAfter()
    {
        fx.OpenAi.Script(OpenAiFixture.FaultModel, OpenAiFault.RateLimited(OpenAiFixture.FaultModel, TimeSpan.FromSeconds(7)));
        string? retryAfter = null;

        var (status, body, text) = await fx.SendAsync(HttpMethod.Post, "/v1/chat/completions", Hello,
            headers: r => retryAfter = r.Headers.RetryAfter?.Delta?.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.True(status == 429, text);
        Assert.Equal("7", retryAfter);
        Assert.Equal("rate_limit_exceeded", body.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task CompleteChat_QuotaExhausted_429SaysRetryingWillNotHelp()
    {
        fx.OpenAi.Script(OpenAiFixture.FaultModel, OpenAiFault.QuotaExceeded());
        var hadRetryAfter = true;

        var (status, body, text) = await fx.SendAsync(HttpMethod.Post, "/v1/chat/completions", Hello, headers: r => hadRetryAfter = r.Headers.RetryAfter is not null);

        Assert.True(status == 429, text);
        Assert.False(hadRetryAfter);
        Assert.Equal("insufficient_quota", body.GetProperty("error").GetProperty("code").GetString());
        Assert.Contains("retrying will not help", body.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CompleteChat_UpstreamServerError_502()
    {
        fx.OpenAi.Script(OpenAiFixture.FaultModel, OpenAiFault.ServerError());

        var (status, body, text) = await fx.SendAsync(HttpMethod.Post, "/v1/chat/completions", Hello);

        Assert.True(status == 502, text);
        Assert.Equal("upstream_error", body.GetProperty("error").GetProperty("type").GetString());
    }

    [Fact]
    public async Task Stream_ErrorEventMidStream_CallerGetsContentThenAnErrorEventAndNoDone()
    {
        fx.OpenAi.Script(OpenAiFixture.FaultModel, OpenAiFault.StreamError());
        using var request = new HttpRequestMessage(HttpMethod.Post, fx.BaseUrl + "/v1/chat/completions")
        {
            Content = new StringContent("""{"model":"openai/faulty","stream":true,"messages":[{"role":"user","content":"first second third"}]}""",
                System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", fx.UserToken);

        using var response = await fx.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Contains("\"content\":\"first\"", text, StringComparison.Ordinal);
        Assert.Contains("event: error", text, StringComparison.Ordinal);
        Assert.Contains("server_error", text, StringComparison.Ordinal);
        Assert.DoesNotContain("[DONE]", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\"content\":\" second\"", text, StringComparison.Ordinal);
    }
}
