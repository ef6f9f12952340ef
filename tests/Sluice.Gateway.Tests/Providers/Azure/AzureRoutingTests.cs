using System.Text;
using OpenAI.Chat;
using Sluice.AzureOpenAI.Emulator.Fixtures;

namespace Sluice.Gateway.Tests.Providers.Azure;

/// <summary>Azure OpenAI deployments as virtual-model targets: a failing deployment falls back to another account's.</summary>
[Collection(AzureCollection.Name)]
public sealed class AzureRoutingTests(AzureFixture fx)
{
    [Fact]
    public async Task Chat_FirstDeploymentFails_FallsBackToTheEntraAccount()
    {
        fx.Emulator.Resource.Fail(AzureFixture.FaultDeployment, AzureFault.ServerError);

        var (status, body, text, headers) = await fx.SendAsync(HttpMethod.Post, "/v1/chat/completions",
            """{"model":"azure-vm/key-then-entra","messages":[{"role":"user","content":"hi"}]}""");

        Assert.True(status == 200, text);
        Assert.Equal("azure-entra/gpt-4o", headers.GetValues("x-sluice-resolved-model").Single());
        Assert.Equal("Hello! This is gpt-4o-2024-11-20 on deployment gpt-4o.", body.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
    }

    [Fact]
    public async Task ChatStream_FirstDeploymentThrottled_FallsBackToTheEntraAccount()
    {
        fx.Emulator.Resource.Fail(AzureFixture.FaultDeployment, AzureFault.RateLimit);
        var text = new StringBuilder();

        await foreach (var update in fx.OpenAi().GetChatClient("azure-vm/key-then-entra").CompleteChatStreamingAsync([new UserChatMessage("hi")]))
        {
            foreach (var part in update.ContentUpdate) text.Append(part.Text);
        }

        Assert.Equal("Hello! This is gpt-4o-2024-11-20 on deployment gpt-4o.", text.ToString());
    }
}
