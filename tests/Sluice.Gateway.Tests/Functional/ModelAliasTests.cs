using System.ClientModel;
using OpenAI.Chat;

namespace Sluice.Gateway.Tests.Functional;

/// <summary>
/// Model aliases end to end: Anthropic model names mapped to Sluice models by manifests, called through
/// /v1/chat/completions with the OpenAI SDK against the emulator.
/// </summary>
[Collection(FunctionalCollection.Name)]
public sealed class ModelAliasTests(FunctionalFixture fx)
{
    [Fact]
    public async Task CompleteChat_AnthropicModelNames_ServedByTheModelsTheManifestsName()
    {
        var endpoint = fx.Emulator.RuntimeEndpointTemplate;
        await ApplyAsync($$"""
            name: al-open
            type: provider-account/aws-bedrock
            region: us-east-1
            auth_data: {type: access-key-based, access_key_id: AKIDEXAMPLEUSER1, secret_access_key: {{FunctionalFixture.User1Secret}}}
            endpoint_url: {{endpoint}}
            collaborators: [{subject: team:everyone, role_id: provider-account-access}]
            integrations:
              - {name: nova-lite, type: integration/model/bedrock, model_id: amazon.nova-lite-v1:0, model_types: [chat],
                 aliases: [claude-haiku-4-5-20251001, "claude-haiku-4-5*"]}
            ---
            name: al-closed
            type: provider-account/aws-bedrock
            region: us-east-1
            auth_data: {type: access-key-based, access_key_id: AKIDEXAMPLEUSER1, secret_access_key: {{FunctionalFixture.User1Secret}}}
            endpoint_url: {{endpoint}}
            collaborators: [{subject: team:platform, role_id: provider-account-access}]
            integrations:
              - {name: nova-lite, type: integration/model/bedrock, model_id: amazon.nova-lite-v1:0, model_types: [chat], aliases: [claude-opus-4-1]}
            ---
            type: gateway-model-aliases
            name: anthropic-names
            aliases:
              - {name: "claude-sonnet-4-5*", model: keys/nova-lite}
            """);

        var exact = await fx.OpenAi().GetChatClient("claude-haiku-4-5-20251001").CompleteChatAsync([new UserChatMessage("exact alias")]);
        var pattern = await fx.OpenAi().GetChatClient("claude-haiku-4-5").CompleteChatAsync([new UserChatMessage("pattern alias")]);
        var gatewayWide = await fx.OpenAi().GetChatClient("claude-sonnet-4-5-20250929").CompleteChatAsync([new UserChatMessage("gateway-wide alias")]);
        var denied = await Assert.ThrowsAsync<ClientResultException>(() => fx.OpenAi().GetChatClient("claude-opus-4-1").CompleteChatAsync([new UserChatMessage("closed")]));
        var unknown = await Assert.ThrowsAsync<ClientResultException>(() => fx.OpenAi().GetChatClient("claude-3-opus").CompleteChatAsync([new UserChatMessage("nobody")]));
        var (_, models, _, _) = await fx.SendAsync(HttpMethod.Get, "/v1/models", null);
        var (_, one, _, _) = await fx.SendAsync(HttpMethod.Get, "/v1/models/claude-haiku-4-5", null);

        Assert.Equal("exact alias", exact.Value.Content[0].Text);
        Assert.Equal("claude-haiku-4-5-20251001", exact.Value.Model);
        Assert.Equal("al-open/nova-lite", Header(exact, "x-sluice-model"));
        Assert.Equal("pattern alias", pattern.Value.Content[0].Text);
        Assert.Equal("al-open/nova-lite", Header(pattern, "x-sluice-model"));
        Assert.Equal("gateway-wide alias", gatewayWide.Value.Content[0].Text);
        Assert.Equal("keys/nova-lite", Header(gatewayWide, "x-sluice-model"));
        Assert.Equal(403, denied.Status);
        Assert.Equal(404, unknown.Status);
        var ids = models.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("id").GetString()).ToList();
        Assert.Contains("al-open/nova-lite", ids);
        Assert.DoesNotContain(ids, id => id!.StartsWith("claude-", StringComparison.Ordinal));
        Assert.Equal("al-open/nova-lite", one.GetProperty("id").GetString());
    }

    private async Task ApplyAsync(string yaml)
    {
        var (status, _, text, _) = await fx.SendAsync(HttpMethod.Post, "/api/v1/apply", yaml, fx.AdminToken, "application/yaml");
        Assert.True(status == 200, text);
    }

    private static string? Header<T>(ClientResult<T> result, string name) =>
        result.GetRawResponse().Headers.TryGetValue(name, out var value) ? value : null;
}
