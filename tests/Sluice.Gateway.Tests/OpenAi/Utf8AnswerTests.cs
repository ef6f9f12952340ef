using System.Text.Json;
using Sluice.Core.Chat;
using Sluice.Core.Errors;
using Sluice.Gateway.Tests.OpenAi.TestHost;
using CoreUsage = Sluice.Core.Chat.Usage;

namespace Sluice.Gateway.Tests.OpenAi;

/// <summary>Non-ASCII text reaches the caller as UTF-8 in every JSON shape of /v1, not as \u escapes.</summary>
public sealed class Utf8AnswerTests : IAsyncLifetime
{
    private const string Text = "Voilà, café ☕ pour Zoé 😀 — \"cité\" <ok> & 'fin'";

    private TestGateway _gateway = null!;

    public async Task InitializeAsync() => _gateway = await TestGateway.StartAsync();

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task ChatCompletion_NonAsciiAnswer_BodyCarriesRawUtf8()
    {
        _gateway.Provider.OnChat = (_, _) => Task.FromResult(new ChatResponse
        {
            Text = Text,
            FinishReason = FinishReason.Stop,
            Usage = new CoreUsage(5, 5),
            Upstream = FakeProvider.DefaultUpstream,
        });

        using var response = await _gateway.PostAsync("/v1/chat/completions", """{"model":"acme/chat","messages":[{"role":"user","content":"hi"}]}""");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet ?? "utf-8");
        Assert.Contains("Voilà, café ☕ pour Zoé 😀 — \\\"cité\\\" <ok> & 'fin'", body, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u", body, StringComparison.Ordinal);
        var content = JsonDocument.Parse(body).RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString();
        Assert.Equal(Text, content);
    }

    [Fact]
    public async Task ChatStream_NonAsciiDelta_ChunkCarriesRawUtf8()
    {
        _gateway.Provider.OnStream = (_, _) => Task.FromResult<ChatStream>(ScriptedChatStream.Completed(
            ChatStreamUpdate.TextDelta(Text), ChatStreamUpdate.Finish(FinishReason.Stop), ChatStreamUpdate.UsageReport(new CoreUsage(3, 1))));

        using var response = await _gateway.PostAsync("/v1/chat/completions", """{"model":"acme/chat","stream":true,"messages":[{"role":"user","content":"hi"}]}""");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Contains("\"content\":\"Voilà, café ☕ pour Zoé 😀 — \\\"cité\\\" <ok> & 'fin'\"", body, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Error_NonAsciiMessage_BodyCarriesRawUtf8()
    {
        _gateway.Provider.OnChat = (_, _) => throw new GatewayException(new GatewayError(400, ErrorTypes.InvalidRequest, "ValidationException",
            "Le modèle refuse « 😀 »"));

        using var response = await _gateway.PostAsync("/v1/chat/completions", """{"model":"acme/chat","messages":[{"role":"user","content":"hi"}]}""");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Contains("Le modèle refuse « 😀 »", body, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Error_NonAsciiModelName_MessageQuotesItRaw()
    {
        using var response = await _gateway.PostAsync("/v1/chat/completions", """{"model":"acme/café-😀","messages":[{"role":"user","content":"hi"}]}""");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(404, (int)response.StatusCode);
        Assert.Contains("acme/café-😀", body, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u", body, StringComparison.Ordinal);
    }
}
