using System.Buffers;
using System.Text;
using Sluice.Bedrock.Invoke;
using Sluice.Core.Errors;
using Sluice.Core.Images;

namespace Sluice.Bedrock.Tests.Invoke;

public class InvokeBodyTests
{
    private static string Json(Action<IBufferWriter<byte>> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        write(buffer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static ImageRequest Image(int width = 1024, int height = 1024, int n = 1, string? quality = null, int? seed = null) =>
        new() { Model = "a/img", Prompt = "a lighthouse at dusk", Width = width, Height = height, Count = n, Quality = quality, Seed = seed };

    [Fact]
    public void ToTitanEmbedRequest_V2WithDimensions_ExactJson()
    {
        Assert.Equal("""{"inputText":"héllo","dimensions":512}""", Json(b => TitanEmbeddingMapper.ToTitanEmbedRequest("héllo", 512, v2: true, b)));
    }

    [Fact]
    public void ToTitanEmbedRequest_V1_OnlyInputText()
    {
        Assert.Equal("""{"inputText":"x"}""", Json(b => TitanEmbeddingMapper.ToTitanEmbedRequest("x", null, v2: false, b)));
    }

    [Theory]
    [InlineData(128)]
    [InlineData(1536)]
    public void ValidateDimensions_V2Unsupported_400NamingDimensions(int dimensions)
    {
        var e = Assert.Throws<GatewayException>(() => TitanEmbeddingMapper.ValidateDimensions(dimensions, v2: true, "amazon.titan-embed-text-v2:0"));

        Assert.Equal(("dimensions", 400), (e.Error.Param, e.Error.Status));
    }

    [Fact]
    public void FromTitanEmbedResponse_VectorAndTokens()
    {
        var result = TitanEmbeddingMapper.FromTitanEmbedResponse("""{"embedding":[0.5,-1.25,3],"inputTextTokenCount":4,"embeddingsByType":{"float":[0.5,-1.25,3]}}"""u8);

        Assert.Equal([0.5f, -1.25f, 3f], result.Vector);
        Assert.Equal(4, result.InputTokens);
    }

    [Fact]
    public void ToCohereEmbedRequest_SliceWithDefaultInputType_ExactJson()
    {
        string[] inputs = ["a", "b", "c"];

        Assert.Equal("""{"texts":["b","c"],"input_type":"search_document"}""", Json(b => CohereEmbeddingMapper.ToCohereEmbedRequest(inputs, 1, 2, null, b)));
        Assert.Equal("""{"texts":["a"],"input_type":"search_query"}""", Json(b => CohereEmbeddingMapper.ToCohereEmbedRequest(inputs, 0, 1, "search_query", b)));
    }

    [Fact]
    public void Validate_CohereUnknownInputType_400NamingInputType()
    {
        var e = Assert.Throws<GatewayException>(() => CohereEmbeddingMapper.Validate("question", null, "cohere.embed-english-v3"));

        Assert.Equal("input_type", e.Error.Param);
    }

    [Theory]
    [InlineData("""{"id":"x","response_type":"embeddings_floats","embeddings":[[1,2],[3,4.5]],"texts":["a","b"]}""")]
    [InlineData("""{"id":"x","response_type":"embeddings_by_type","embeddings":{"int8":[[1,1],[1,1]],"float":[[1,2],[3,4.5]]}}""")]
    public void FromCohereEmbedResponse_BothShapes_VectorsInOrder(string json)
    {
        var vectors = new List<float[]>();

        CohereEmbeddingMapper.FromCohereEmbedResponse(Encoding.UTF8.GetBytes(json), vectors);

        Assert.Equal([[1f, 2f], [3f, 4.5f]], vectors);
    }

    [Fact]
    public void ToTextImageRequest_TitanHd_PremiumQualityExactJson()
    {
        var request = new ImageRequest { Model = "a/img", Prompt = "a cat", NegativePrompt = "dogs", Width = 768, Height = 512, Count = 2, Quality = "hd", Seed = 42 };

        Assert.Equal(
            """{"taskType":"TEXT_IMAGE","textToImageParams":{"text":"a cat","negativeText":"dogs"},"imageGenerationConfig":{"numberOfImages":2,"quality":"premium","height":512,"width":768,"seed":42}}""",
            Json(b => AmazonImageMapper.ToTextImageRequest(request, "amazon.titan-image-generator-v2:0", b)));
    }

    [Theory]
    [InlineData(1000, 1000)]
    [InlineData(2048, 2048)]
    [InlineData(256, 256)]
    public void ToTextImageRequest_TitanSizeNotAllowed_400NamingSize(int width, int height)
    {
        var e = Assert.Throws<GatewayException>(() => Json(b => AmazonImageMapper.ToTextImageRequest(Image(width, height), "amazon.titan-image-generator-v2:0", b)));

        Assert.Equal("size", e.Error.Param);
        Assert.Contains($"{width}x{height}", e.Error.Message);
    }

    [Fact]
    public void ToTextImageRequest_NovaCanvasLargeSize_Accepted()
    {
        Assert.Contains("\"width\":2048", Json(b => AmazonImageMapper.ToTextImageRequest(Image(2048, 2048), "amazon.nova-canvas-v1:0", b)));
    }

    [Theory]
    [InlineData(4096, 320)]
    [InlineData(1000, 1000)]
    public void ToTextImageRequest_NovaCanvasBadSize_400NamingSize(int width, int height)
    {
        var e = Assert.Throws<GatewayException>(() => Json(b => AmazonImageMapper.ToTextImageRequest(Image(width, height), "amazon.nova-canvas-v1:0", b)));

        Assert.Equal("size", e.Error.Param);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    public void ToTextImageRequest_CountOutOfRange_400NamingN(int n)
    {
        var e = Assert.Throws<GatewayException>(() => Json(b => AmazonImageMapper.ToTextImageRequest(Image(n: n), "amazon.nova-canvas-v1:0", b)));

        Assert.Equal("n", e.Error.Param);
    }

    [Fact]
    public void ToTextImageRequest_NovaSeedTooLarge_400NamingSeed()
    {
        var e = Assert.Throws<GatewayException>(() => Json(b => AmazonImageMapper.ToTextImageRequest(Image(seed: 900_000_000), "amazon.nova-canvas-v1:0", b)));

        Assert.Equal("seed", e.Error.Param);
    }

    [Fact]
    public void FromTextImageResponse_Images_InOrder()
    {
        Assert.Equal(["iVBOR1", "iVBOR2"], AmazonImageMapper.FromTextImageResponse("""{"images":["iVBOR1","iVBOR2"],"error":null}"""u8));
    }

    [Fact]
    public void FromTextImageResponse_Error_502WithMessage()
    {
        var e = Assert.Throws<GatewayException>(() => AmazonImageMapper.FromTextImageResponse("""{"images":[],"error":"blocked"}"""u8));

        Assert.Contains("blocked", e.Error.Message);
    }

    [Fact]
    public void ToStabilityRequest_WideSize_AspectRatioExactJson()
    {
        Assert.Equal(
            """{"prompt":"a lighthouse at dusk","aspect_ratio":"16:9","output_format":"png","seed":7}""",
            Json(b => StabilityImageMapper.ToStabilityRequest(Image(1344, 768, seed: 7), "stability.sd3-5-large-v1:0", b)));
    }

    [Fact]
    public void ToStabilityRequest_OddRatio_400NamingSize()
    {
        var e = Assert.Throws<GatewayException>(() => Json(b => StabilityImageMapper.ToStabilityRequest(Image(1000, 300), "stability.sd3-5-large-v1:0", b)));

        Assert.Equal("size", e.Error.Param);
    }

    [Fact]
    public void FromStabilityResponse_Filtered_400ContentPolicy()
    {
        var e = Assert.Throws<GatewayException>(() => StabilityImageMapper.FromStabilityResponse("""{"seeds":[1],"finish_reasons":["Filter reason: prompt"],"images":[]}"""u8));

        Assert.Equal(("content_policy_violation", 400), (e.Error.Code, e.Error.Status));
    }
}
