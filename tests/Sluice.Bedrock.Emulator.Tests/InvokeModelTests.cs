using System.Buffers.Binary;
using System.Net;
using System.Text.Json;

namespace Sluice.Bedrock.Emulator.Tests;

public sealed class InvokeModelTests(EmulatorHarness h) : IClassFixture<EmulatorHarness>
{
    private async Task<(HttpResponseMessage Response, JsonElement Root)> Invoke(string model, object body)
    {
        var response = await h.SendBearer($"/model/{EmulatorHarness.Encode(model)}/invoke", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return (response, JsonDocument.Parse(text).RootElement);
    }

    [Theory]
    [InlineData(256)]
    [InlineData(512)]
    [InlineData(1024)]
    public async Task TitanEmbed_Dimensions_VectorSizeAndUnitNorm(int dims)
    {
        var (_, root) = await Invoke("amazon.titan-embed-text-v2:0", new { inputText = "hello embeddings", dimensions = dims, normalize = true });
        var vector = root.GetProperty("embedding").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.Equal(dims, vector.Length);
        Assert.Equal(1.0, Math.Sqrt(vector.Sum(v => v * v)), 3);
        Assert.Equal(2, root.GetProperty("inputTextTokenCount").GetInt32());
    }

    [Fact]
    public async Task TitanEmbed_BadDimensions_Validation()
    {
        var response = await h.SendBearer($"/model/{EmulatorHarness.Encode("amazon.titan-embed-text-v2:0")}/invoke", new { inputText = "x", dimensions = 100 });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("dimensions", (await EmulatorHarness.ReadError(response)).Message);
    }

    [Fact]
    public async Task CohereEmbed_RequiresInputType_AndReturnsOneVectorPerText()
    {
        var missing = await h.SendBearer($"/model/{EmulatorHarness.Encode("cohere.embed-english-v3")}/invoke", new { texts = new[] { "a" } });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        var (_, root) = await Invoke("cohere.embed-english-v3", new { texts = new[] { "a", "b" }, input_type = "search_document" });
        Assert.Equal("embeddings_floats", root.GetProperty("response_type").GetString());
        Assert.Equal(2, root.GetProperty("embeddings").GetArrayLength());
        Assert.Equal(1024, root.GetProperty("embeddings")[0].GetArrayLength());
    }

    [Theory]
    [InlineData("amazon.nova-canvas-v1:0", 512, 320)]
    [InlineData("amazon.titan-image-generator-v2:0", 512, 512)]
    public async Task ImageGeneration_ReturnsDecodablePngOfRequestedSize(string model, int width, int height)
    {
        var (_, root) = await Invoke(model, new
        {
            taskType = "TEXT_IMAGE",
            textToImageParams = new { text = "a lighthouse" },
            imageGenerationConfig = new { numberOfImages = 2, width, height },
        });
        var images = root.GetProperty("images");
        Assert.Equal(2, images.GetArrayLength());
        var png = Convert.FromBase64String(images[0].GetString()!);
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(png, 12, 4));
        Assert.Equal(width, (int)BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(16)));
        Assert.Equal(height, (int)BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(20)));
    }

    [Fact]
    public async Task ImageGeneration_UnsupportedSize_Validation()
    {
        var response = await h.SendBearer($"/model/{EmulatorHarness.Encode("amazon.titan-image-generator-v2:0")}/invoke",
            new { taskType = "TEXT_IMAGE", textToImageParams = new { text = "x" }, imageGenerationConfig = new { width = 100, height = 100 } });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Anthropic_Invoke_MessagesResponseAndTokenHeaders()
    {
        var (response, root) = await Invoke("anthropic.claude-3-5-sonnet-20240620-v1:0",
            new { anthropic_version = "bedrock-2023-05-31", max_tokens = 50, messages = new[] { new { role = "user", content = "hello claude" } } });
        Assert.Equal("message", root.GetProperty("type").GetString());
        Assert.Equal("hello claude", root.GetProperty("content")[0].GetProperty("text").GetString());
        Assert.Equal("end_turn", root.GetProperty("stop_reason").GetString());
        Assert.Equal("2", response.Headers.GetValues("X-Amzn-Bedrock-Input-Token-Count").Single());
        Assert.Equal("2", response.Headers.GetValues("X-Amzn-Bedrock-Output-Token-Count").Single());
        Assert.True(response.Headers.Contains("X-Amzn-Bedrock-Invocation-Latency"));
    }

    [Theory]
    [InlineData("{\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", "required key [anthropic_version] not found")]
    [InlineData("{\"anthropic_version\":\"bedrock-2023-05-31\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", "required key [max_tokens] not found")]
    [InlineData("{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":5,\"model\":\"claude\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", "extraneous key [model]")]
    public async Task Anthropic_Invoke_InvalidBody_Malformed(string body, string expected)
    {
        var response = await h.SendBearer($"/model/{EmulatorHarness.Encode("anthropic.claude-3-5-sonnet-20240620-v1:0")}/invoke", System.Text.Encoding.UTF8.GetBytes(body));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, (await EmulatorHarness.ReadError(response)).Message);
    }
}
