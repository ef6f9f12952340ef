namespace Sluice.Gateway.Tests.OpenAiProvider;

/// <summary>TrueFoundry's own manifest forms for OpenAI and self-hosted models, applied unchanged and callable.</summary>
[Collection(OpenAiCollection.Name)]
public sealed class OpenAiManifestTests(OpenAiFixture fx)
{
    [Fact]
    public async Task Apply_TrueFoundrySelfHostedForm_ServerUrlAndBearerAuthFromTheModel()
    {
        var root = fx.Compatible.BaseUrl[..^"/v1".Length]; // TrueFoundry's url may be the server's root
        await ApplyAsync($"""
            name: tf-vllm
            type: provider-account/self-hosted-model
            collaborators:
              - {"{"}role_id: provider-account-access, subject: team:everyone{"}"}
            integrations:
              - name: llama
                type: integration/model/self-hosted-model
                hosted_model_name: {OpenAiFixture.LlamaModel}
                url: "{root}"
                model_server: openai-compatible
                model_types: ["chat"]
                auth_data:
                  type: bearer-auth
                  bearer_token: tf-token-123
            """);

        var (status, body, text) = await fx.SendAsync(HttpMethod.Post, "/v1/chat/completions", """{"model":"tf-vllm/llama","messages":[{"role":"user","content":"from truefoundry"}]}""");

        Assert.True(status == 200, text);
        Assert.Equal("from truefoundry", body.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
        var sent = fx.Compatible.LastRequest("/v1/chat/completions")!;
        Assert.Equal("Bearer tf-token-123", sent.Headers["Authorization"]);
        Assert.Equal(OpenAiFixture.LlamaModel, sent.Json!["model"]!.GetValue<string>());
        Assert.Equal(200, (await fx.SendAsync(HttpMethod.Post, "/api/v1/provider-accounts/tf-vllm/test", "{}", fx.AdminToken)).Status);
    }

    [Fact]
    public async Task Apply_SelfHostedModelsOnTwoServers_ProblemSaysSplitTheAccount()
    {
        var (status, _, text) = await fx.SendAsync(HttpMethod.Post, "/api/v1/apply", """
            name: tf-two-servers
            type: provider-account/self-hosted-model
            integrations:
              - {name: a, type: integration/model/self-hosted-model, hosted_model_name: m, url: "http://127.0.0.1:9/v1", model_types: [chat]}
              - {name: b, type: integration/model/self-hosted-model, hosted_model_name: m, url: "http://127.0.0.1:10/v1", model_types: [chat]}
            """, fx.AdminToken, contentType: "application/yaml");

        Assert.True(status == 400, text);
        Assert.Contains("integrations[1].url", text, StringComparison.Ordinal);
        Assert.Contains("one server per account", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_OpenAiWithBearerAuth_KeyIsSentAsBearer()
    {
        await ApplyAsync($"""
            name: tf-openai
            type: provider-account/openai
            base_url: {fx.OpenAi.BaseUrl}
            auth_data: {"{"}type: bearer-auth, bearer_token: {Sluice.OpenAI.Emulator.OpenAiEmulator.DemoApiKey}{"}"}
            collaborators: [{"{"}role_id: provider-account-access, subject: team:everyone{"}"}]
            integrations:
              - {"{"}name: gpt-4o, type: integration/model/openai, model_id: gpt-4o, model_types: [chat], cost: {"{"}metric: public_cost{"}"}{"}"}
            """);

        var (status, _, text) = await fx.SendAsync(HttpMethod.Post, "/v1/chat/completions", """{"model":"tf-openai/gpt-4o","messages":[{"role":"user","content":"hi"}]}""");

        Assert.True(status == 200, text);
    }

    private async Task ApplyAsync(string yaml)
    {
        var (status, _, text) = await fx.SendAsync(HttpMethod.Post, "/api/v1/apply", yaml, fx.AdminToken, contentType: "application/yaml");
        Assert.True(status == 200, text);
    }
}
