using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Sluice.Anthropic.Emulator;
using Sluice.Bedrock.Emulator;
using static Sluice.Gateway.Tests.Providers.Anthropic.AnthropicProviderFixture;

namespace Sluice.Gateway.Tests.Providers.Anthropic;

/// <summary>A virtual model with a Bedrock Claude target and an Anthropic target falls back from one to the other, streamed and not, on both APIs.</summary>
[Collection(AnthropicProviderCollection.Name)]
public sealed class AnthropicFallbackTests(AnthropicProviderFixture fx)
{
    [Theory]
    [InlineData("/v1/chat/completions", false)]
    [InlineData("/v1/chat/completions", true)]
    [InlineData("/v1/messages", false)]
    [InlineData("/v1/messages", true)]
    public async Task Call_BedrockTargetThrottled_AnthropicServes(string path, bool stream) =>
        await fx.WithBedrockFaultAsync(k => k.Fault = EmulatorFault.Throttle, async () =>
        {
            var id = NewRequestId();
            var (status, body, headers) = await fx.PostAsync(path, Body(path, BedrockFirst(Kind(path, stream)), stream, "fall back to anthropic"), id);

            Assert.True(status == 200, body);
            Assert.Contains("fall back to anthropic", Text(body, stream), StringComparison.Ordinal);
            Assert.Equal(Sonnet, Header(headers, "x-sluice-resolved-model"));
            Assert.Equal("2", Header(headers, "x-sluice-attempts"));
            var rows = await fx.UsageAsync(id, 2);
            Assert.Contains(rows, r => r.GetProperty("resolved_model").GetString() == BedrockClaude && r.GetProperty("status").GetInt32() == 429);
            Assert.Contains(rows, r => r.GetProperty("resolved_model").GetString() == Sonnet && r.GetProperty("status").GetInt32() == 200
                && r.GetProperty("cost_usd").GetDecimal() > 0);
        });

    [Theory]
    [InlineData("/v1/chat/completions", false)]
    [InlineData("/v1/chat/completions", true)]
    [InlineData("/v1/messages", false)]
    [InlineData("/v1/messages", true)]
    public async Task Call_AnthropicTargetOverloaded_BedrockServes(string path, bool stream) =>
        await fx.WithAnthropicFaultAsync(k => k.Fault = AnthropicFault.Overloaded, async () =>
        {
            var (status, body, headers) = await fx.PostAsync(path, Body(path, AnthropicFirst(Kind(path, stream)), stream, "fall back to bedrock"), NewRequestId());

            Assert.True(status == 200, body);
            Assert.Contains("fall back to bedrock", Text(body, stream), StringComparison.Ordinal);
            Assert.Equal(BedrockClaude, Header(headers, "x-sluice-resolved-model"));
            Assert.Equal("2", Header(headers, "x-sluice-attempts"));
        });

    private static string Kind(string path, bool stream) => (path == "/v1/messages" ? "messages" : "chat") + (stream ? "-stream" : "");

    private static string Body(string path, string model, bool stream, string text) => path == "/v1/messages"
        ? $$"""{"model":"{{model}}","max_tokens":50,"stream":{{(stream ? "true" : "false")}},"messages":[{"role":"user","content":"{{text}}"}]}"""
        : $$"""{"model":"{{model}}","stream":{{(stream ? "true" : "false")}},"messages":[{"role":"user","content":"{{text}}"}]}""";

    /// <summary>The answer's text from a chat completion, a Messages message, or either's SSE stream.</summary>
    private static string Text(string body, bool stream)
    {
        if (!stream)
        {
            var root = JsonDocument.Parse(body).RootElement;
            return root.TryGetProperty("choices", out var choices)
                ? choices[0].GetProperty("message").GetProperty("content").GetString()!
                : root.GetProperty("content")[0].GetProperty("text").GetString()!;
        }

        var text = new StringBuilder();
        foreach (var line in body.Split('\n'))
        {
            if (!line.StartsWith("data: {", StringComparison.Ordinal)) continue;
            var data = JsonDocument.Parse(line["data: ".Length..]).RootElement;
            if (data.TryGetProperty("choices", out var choices) && choices.GetArrayLength() > 0
                && choices[0].GetProperty("delta").TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String)
            {
                text.Append(content.GetString());
            }
            else if (data.TryGetProperty("delta", out var delta) && delta.TryGetProperty("text", out var piece))
            {
                text.Append(piece.GetString());
            }
        }

        return text.ToString();
    }

    private static string? Header(HttpResponseHeaders headers, string name) => headers.TryGetValues(name, out var values) ? values.First() : null;
}
