using System.Net;

namespace Sluice.Bedrock.Emulator.Tests;

public sealed class Http2Tests(EmulatorHarness h) : IClassFixture<EmulatorHarness>
{
    [Fact]
    public async Task Converse_OverCleartextHttp2_PriorKnowledge()
    {
        using var client = new HttpClient { DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };
        var request = h.Request(HttpMethod.Post, $"/model/{EmulatorHarness.Encode("amazon.nova-lite-v1:0")}/converse", System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(EmulatorHarness.UserText("over h2c")));
        request.Version = HttpVersion.Version20;
        request.VersionPolicy = HttpVersionPolicy.RequestVersionExact;
        TestSigner.Sign(request, System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(EmulatorHarness.UserText("over h2c")), h.RuntimeHost("us-east-1"),
            EmulatorHarness.User1Key, EmulatorHarness.User1Secret, "us-east-1", "bedrock");
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpVersion.Version20, response.Version);
        Assert.Contains("over h2c", await response.Content.ReadAsStringAsync());
        Assert.Equal("HTTP/2", h.Emulator.Stats.LastRequest!.Protocol);
    }
}

public sealed class Http2StreamingTests(EmulatorHarness h) : IClassFixture<EmulatorHarness>
{
    [Fact]
    public async Task ConverseStream_OverHttp2_FramesIntact()
    {
        using var client = new HttpClient { DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };
        var body = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(EmulatorHarness.UserText("h2 stream works"));
        var request = h.Request(HttpMethod.Post, $"/model/{EmulatorHarness.Encode("amazon.nova-lite-v1:0")}/converse-stream", body);
        request.Version = HttpVersion.Version20;
        request.VersionPolicy = HttpVersionPolicy.RequestVersionExact;
        request.Headers.Host = h.RuntimeHost("us-west-2");
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + h.Emulator.DemoApiKey);
        var response = await client.SendAsync(request);
        Assert.Equal(HttpVersion.Version20, response.Version);
        var frames = FrameParser.Parse(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("metadata", frames[^1].Headers[":event-type"]);
        Assert.Equal("us-west-2", h.Emulator.Stats.LastRequest!.Region);
    }
}
