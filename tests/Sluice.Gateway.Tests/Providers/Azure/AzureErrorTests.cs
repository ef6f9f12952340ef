using System.ClientModel;
using System.Text.Json;
using OpenAI.Chat;
using Sluice.AzureOpenAI.Emulator.Fixtures;

namespace Sluice.Gateway.Tests.Providers.Azure;

/// <summary>Azure OpenAI's errors as a caller of the gateway sees them: OpenAI error JSON that says what to change.</summary>
[Collection(AzureCollection.Name)]
public sealed class AzureErrorTests(AzureFixture fx)
{
    [Fact]
    public async Task CompleteChat_WrongAccountKey_502NamingTheKeyToFix()
    {
        var error = await FailAsync("azure-badkey/gpt-4o", 502);

        Assert.Equal("upstream_error", error.GetProperty("type").GetString());
        Assert.Contains("auth_data.api_key", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CompleteChat_WrongClientSecret_502WithTheAadstsCode()
    {
        var error = await FailAsync("azure-badsecret/gpt-4o", 502);

        Assert.Equal("AADSTS7000215", error.GetProperty("code").GetString());
        Assert.Contains("auth_data.client_secret", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("the-secret-id-instead-of-its-value", error.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CompleteChat_DeploymentMissing_404NamingDeploymentAndResource()
    {
        var error = await FailAsync("azure/missing", 404);

        Assert.Equal("DeploymentNotFound", error.GetProperty("code").GetString());
        var message = error.GetProperty("message").GetString()!;
        Assert.Contains("'not-deployed'", message, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CompleteChat_Throttled_429WithAzuresRetryAfter()
    {
        fx.Emulator.Resource.Fail(AzureFixture.FaultDeployment, AzureFault.RateLimit);

        var e = await Assert.ThrowsAsync<ClientResultException>(() => fx.OpenAi().GetChatClient("azure/faulty").CompleteChatAsync([new UserChatMessage("hi")]));

        Assert.Equal(429, e.Status);
        var raw = e.GetRawResponse()!;
        Assert.Equal("rate_limit_error", ErrorOf(raw).GetProperty("type").GetString());
        Assert.True(raw.Headers.TryGetValue("Retry-After", out var retryAfter), "429 without Retry-After");
        Assert.Equal(fx.Emulator.Resource.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), retryAfter);
    }

    [Fact]
    public async Task CompleteChat_ServerError_502Retryable()
    {
        fx.Emulator.Resource.Fail(AzureFixture.FaultDeployment, AzureFault.ServerError);

        var error = await FailAsync("azure/faulty", 502);

        Assert.Equal("upstream_error", error.GetProperty("type").GetString());
    }

    [Fact]
    public async Task CompleteChat_ContentFiltered_400ContentFilter()
    {
        fx.Emulator.Resource.Fail(AzureFixture.FaultDeployment, AzureFault.ContentFilter);

        var error = await FailAsync("azure/faulty", 400);

        Assert.Equal("content_filter", error.GetProperty("code").GetString());
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Contains("content filter", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CompleteChatStreaming_ErrorMidStream_TextSoFarThenAnErrorEventAndNoDone()
    {
        fx.Emulator.Resource.Fail(AzureFixture.FaultDeployment, AzureFault.MidStreamError);
        using var request = new HttpRequestMessage(HttpMethod.Post, fx.BaseUrl + "/v1/chat/completions")
        {
            Content = new StringContent("""{"model":"azure/faulty","stream":true,"messages":[{"role":"user","content":"hi"}]}""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", fx.UserToken);

        using var response = await fx.Http.SendAsync(request);
        var sse = await response.Content.ReadAsStringAsync();

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Contains("\"content\":\"Hello!\"", sse, StringComparison.Ordinal);
        var events = sse.Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("event: error", events[^1], StringComparison.Ordinal);
        Assert.DoesNotContain("[DONE]", sse, StringComparison.Ordinal);
    }

    private async Task<JsonElement> FailAsync(string model, int status)
    {
        var (actual, body, text, headers) = await fx.SendAsync(HttpMethod.Post, "/v1/chat/completions",
            $$"""{"model":"{{model}}","messages":[{"role":"user","content":"hi"}]}""");
        Assert.True(actual == status, text);
        Assert.True(headers.Contains("x-request-id"));
        return body.GetProperty("error");
    }

    private static JsonElement ErrorOf(System.ClientModel.Primitives.PipelineResponse raw) =>
        JsonDocument.Parse(raw.Content.ToString()).RootElement.GetProperty("error").Clone();
}
