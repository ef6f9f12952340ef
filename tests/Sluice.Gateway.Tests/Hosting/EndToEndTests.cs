using System.ClientModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenAI;
using OpenAI.Chat;
using Sluice.Bedrock.Emulator;
using Sluice.Gateway.Admin;
using Sluice.Gateway.Hosting;

namespace Sluice.Gateway.Tests.Hosting;

public sealed class EndToEndTests
{
    [Fact]
    public async Task DemoLikeSetup_ChatThroughOpenAiSdk_ReturnsEmulatorEcho()
    {
        await using var emulator = await BedrockEmulator.StartAsync(new EmulatorOptions { Port = 0 });
        var dir = Path.Combine(Path.GetTempPath(), "sluice-e2e-" + Guid.NewGuid().ToString("N"));
        var manifest = $"""
            name: demo-bedrock
            type: provider-account/aws-bedrock
            region: us-east-1
            auth_data:
              type: access-key-based
              access_key_id: AKIDEXAMPLEUSER1
              secret_access_key: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY1
            endpoint_url: {emulator.RuntimeEndpointTemplate}
            sts_endpoint_url: {emulator.StsEndpointTemplate}
            collaborators:
              - subject: team:everyone
                role_id: provider-account-access
            integrations:
              - name: claude-3-5-sonnet
                type: integration/model/bedrock
                model_id: anthropic.claude-3-5-sonnet-20240620-v1:0
                model_types: [chat]
            ---
            type: user
            name: demo@example.com
            """;
        var app = GatewayApp.Build(new GatewayOptions
        {
            Port = 0, DataDir = dir, ListenLoopbackOnly = true, AdminToken = "e2e-admin-token", Manifests = [manifest],
            Output = new StringWriter(), ConfigureLogging = l => l.ClearProviders(),
        });
        await using (app)
        {
            await app.StartAsync();
            var (_, key) = await app.Services.GetRequiredService<TokenService>().CreateAsync("user:demo@example.com", "e2e", null, null, default);
            var client = new ChatClient("demo-bedrock/claude-3-5-sonnet", new ApiKeyCredential(key),
                new OpenAIClientOptions { Endpoint = new Uri(GatewayApp.BaseUrl(app) + "/v1") });

            ChatCompletion completion = await client.CompleteChatAsync([new UserChatMessage("Echo this, please")]);

            Assert.Contains("Echo this, please", completion.Content[0].Text, StringComparison.Ordinal);
            await app.StopAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(dir, recursive: true);
    }
}
