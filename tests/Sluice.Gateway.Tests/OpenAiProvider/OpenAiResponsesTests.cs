using System.Text;
using System.Text.Json;

namespace Sluice.Gateway.Tests.OpenAiProvider;

/// <summary><c>/v1/responses</c> passed through to OpenAI models, with usage, cost and a clear refusal for other providers.</summary>
[Collection(OpenAiCollection.Name)]
public sealed class OpenAiResponsesTests(OpenAiFixture fx)
{
    [Fact]
    public async Task CreateResponse_OpenAiModel_PassesThroughAndRecordsCost()
    {
        var requestId = "";

        var (status, body, text) = await fx.SendAsync(HttpMethod.Post, "/v1/responses",
            """{"model":"openai/gpt-4o-mini","input":"respond with this","instructions":"echo","store":false}""",
            headers: r => requestId = r.Headers.GetValues("x-request-id").Single());

        Assert.True(status == 200, text);
        Assert.Equal("openai/gpt-4o-mini", body.GetProperty("model").GetString());
        Assert.Equal("respond with this", body.GetProperty("output")[0].GetProperty("content")[0].GetProperty("text").GetString());
        var sent = fx.OpenAi.LastRequest("/v1/responses")!.Json!;
        Assert.Equal("gpt-4o-mini", sent["model"]!.GetValue<string>());
        Assert.Equal("echo", sent["instructions"]!.GetValue<string>());
        Assert.False(sent["store"]!.GetValue<bool>());
        var row = (await fx.UsageRowsAsync(requestId))[0];
        Assert.Equal(3, row.GetProperty("completion_tokens").GetInt32());
        Assert.True(row.GetProperty("cost_usd").GetDecimal() > 0);
    }

    [Fact]
    public async Task CreateResponseStreaming_OpenAiModel_PassesEventsThroughWithCallerModel()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, fx.BaseUrl + "/v1/responses")
        {
            Content = new StringContent("""{"model":"openai/gpt-4o-mini","input":"stream these words","stream":true}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", fx.UserToken);

        using var response = await fx.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        Assert.True(response.IsSuccessStatusCode, text);
        Assert.Contains("event: response.created", text, StringComparison.Ordinal);
        var deltas = text.Split("\n\n").Where(e => e.StartsWith("event: response.output_text.delta", StringComparison.Ordinal))
            .Select(e => JsonDocument.Parse(e[(e.IndexOf("data: ", StringComparison.Ordinal) + 6)..]).RootElement.GetProperty("delta").GetString());
        Assert.Equal("stream these words", string.Concat(deltas));
        var completed = text.Split("\n\n").Single(e => e.StartsWith("event: response.completed", StringComparison.Ordinal));
        var done = JsonDocument.Parse(completed[(completed.IndexOf("data: ", StringComparison.Ordinal) + 6)..]).RootElement;
        Assert.Equal("openai/gpt-4o-mini", done.GetProperty("response").GetProperty("model").GetString());
    }

    [Fact]
    public async Task CreateResponse_BedrockModel_400NamesTheProvider()
    {
        var (status, body, text) = await fx.SendAsync(HttpMethod.Post, "/v1/responses", """{"model":"bedrock/nova-lite","input":"hi"}""");

        Assert.True(status == 400, text);
        Assert.Equal("responses_not_supported", body.GetProperty("error").GetProperty("code").GetString());
        Assert.Contains("AWS Bedrock", body.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateResponse_RateLimited_429WithRetryAfter()
    {
        fx.OpenAi.Script(OpenAiFixture.FaultModel, Sluice.OpenAI.Emulator.EmulatorFault.RateLimited(OpenAiFixture.FaultModel, TimeSpan.FromSeconds(4)));
        TimeSpan? retryAfter = null;

        var (status, _, text) = await fx.SendAsync(HttpMethod.Post, "/v1/responses", """{"model":"openai/faulty","input":"hi"}""",
            headers: r => retryAfter = r.Headers.RetryAfter?.Delta);

        Assert.True(status == 429, text);
        Assert.Equal(TimeSpan.FromSeconds(4), retryAfter);
    }
}
