using System.Text;
using System.Text.Json;
using OpenAI.Chat;
using BedrockFault = Sluice.Bedrock.Emulator.EmulatorFault;
using OpenAiFault = Sluice.OpenAI.Emulator.EmulatorFault;

namespace Sluice.Gateway.Tests.OpenAiProvider;

/// <summary>Virtual models mixing an OpenAI target and a Bedrock target fall back from one to the other.</summary>
[Collection(OpenAiCollection.Name)]
public sealed class OpenAiRoutingTests(OpenAiFixture fx)
{
    [Fact]
    public async Task Chat_OpenAiTargetFails_FallsBackToBedrock()
    {
        fx.OpenAi.Script(OpenAiFixture.FaultModel, OpenAiFault.ServerError());
        var requestId = "";
        string? resolved = null;

        var (status, body, text) = await fx.SendAsync(HttpMethod.Post, "/v1/chat/completions",
            """{"model":"mixed/openai-first","messages":[{"role":"user","content":"fall back to bedrock"}]}""",
            headers: r => { requestId = r.Headers.GetValues("x-request-id").Single(); resolved = Header(r, "x-sluice-resolved-model"); });

        Assert.True(status == 200, text);
        Assert.Equal("fall back to bedrock", body.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
        Assert.Equal("bedrock/nova-lite", resolved);
        var rows = await fx.UsageRowsAsync(requestId, 2);
        Assert.Contains(rows, r => r.GetProperty("resolved_model").GetString() == "openai/faulty" && r.GetProperty("status").GetInt32() == 502);
        Assert.Contains(rows, r => r.GetProperty("resolved_model").GetString() == "bedrock/nova-lite" && r.GetProperty("status").GetInt32() == 200);
    }

    [Fact]
    public async Task ChatStream_OpenAiTargetFails_FallsBackToBedrock()
    {
        fx.OpenAi.Script(OpenAiFixture.FaultModel, OpenAiFault.RateLimited(OpenAiFixture.FaultModel, TimeSpan.FromSeconds(30)));
        var client = fx.Client().GetChatClient("mixed/openai-first");
        var text = new StringBuilder();

        await foreach (var update in client.CompleteChatStreamingAsync([new UserChatMessage("streamed fallback")]))
        {
            foreach (var part in update.ContentUpdate) text.Append(part.Text);
        }

        Assert.Equal("streamed fallback", text.ToString());
    }

    [Fact]
    public async Task Chat_BedrockTargetThrottled_FallsBackToOpenAiWithOverridesAndPassthrough()
    {
        await fx.WithBedrockFaultAsync(k => k.Fault = BedrockFault.Throttle, async () =>
        {
            string? resolved = null;
            var (status, body, text) = await fx.SendAsync(HttpMethod.Post, "/v1/chat/completions",
                """{"model":"mixed/bedrock-first","temperature":0.9,"seed":3,"messages":[{"role":"user","content":"fall back to openai"}],"drop_params":true}""",
                headers: r => resolved = Header(r, "x-sluice-resolved-model"));

            Assert.True(status == 200, text);
            Assert.Equal("openai/gpt-4o-mini", resolved);
            Assert.Equal("mixed/bedrock-first", body.GetProperty("model").GetString());
            var sent = fx.OpenAi.LastRequest("/v1/chat/completions", "gpt-4o-mini")!.Json!;
            Assert.Equal(0.25, sent["temperature"]!.GetValue<double>(), 3); // the target's override_params
            Assert.Equal(3, sent["seed"]!.GetValue<int>()); // dropped for Bedrock, passed to OpenAI
        });
    }

    [Fact]
    public async Task ChatStream_BedrockTargetThrottled_FallsBackToOpenAi()
    {
        await fx.WithBedrockFaultAsync(k => k.Fault = BedrockFault.Throttle, async () =>
        {
            var client = fx.Client().GetChatClient("mixed/bedrock-first");
            var text = new StringBuilder();
            string? model = null;

            await foreach (var update in client.CompleteChatStreamingAsync([new UserChatMessage("openai streams it")]))
            {
                foreach (var part in update.ContentUpdate) text.Append(part.Text);
                model ??= update.Model;
            }

            Assert.Equal("openai streams it", text.ToString());
            Assert.Equal("mixed/bedrock-first", model);
        });
    }

    private static string? Header(HttpResponseMessage r, string name) => r.Headers.TryGetValues(name, out var v) ? v.Single() : null;
}
