using System.Net;

namespace Sluice.Bedrock.Emulator.Tests;

public sealed class EndpointTemplateTests(EmulatorHarness h) : IClassFixture<EmulatorHarness>
{
    [Fact]
    public async Task RuntimeEndpointTemplate_LocalhostSubdomain_ReachesEmulatorWithRegion()
    {
        var baseUrl = h.Emulator.RuntimeEndpointTemplate.Replace("{region}", "us-west-2", StringComparison.Ordinal);
        var request = new HttpRequestMessage(HttpMethod.Post, baseUrl + "/model/amazon.nova-lite-v1%3A0/converse")
        {
            Content = new ByteArrayContent(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(EmulatorHarness.UserText("dns"))),
        };
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + h.Emulator.DemoApiKey);
        using var client = new HttpClient(LocalhostConnector.CreateHandler());
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("us-west-2", h.Emulator.Stats.LastRequest!.Region);
    }
}
