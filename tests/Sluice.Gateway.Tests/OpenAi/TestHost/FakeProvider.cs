using Sluice.Core.Chat;
using Sluice.Core.Embeddings;
using Sluice.Core.Images;
using Sluice.Core.Providers;

namespace Sluice.Gateway.Tests.OpenAi.TestHost;

/// <summary>A scriptable provider: each test sets the behaviour it needs and reads back what the gateway sent.</summary>
internal sealed class FakeProvider : IModelProvider
{
    public static readonly UpstreamInfo DefaultUpstream = new("anthropic.claude-test-v1:0", "eu-west-1");

    public Func<ChatRequest, CancellationToken, Task<ChatResponse>> OnChat { get; set; } = (_, _) => Task.FromResult(new ChatResponse
    {
        Text = "Hello from the fake.",
        FinishReason = FinishReason.Stop,
        Usage = new Usage(10, 5),
        Upstream = DefaultUpstream,
    });

    public Func<ChatRequest, CancellationToken, Task<ChatStream>> OnStream { get; set; } = (_, _) =>
        Task.FromResult<ChatStream>(ScriptedChatStream.Completed(
            ChatStreamUpdate.TextDelta("Hi"), ChatStreamUpdate.Finish(FinishReason.Stop), ChatStreamUpdate.UsageReport(new Usage(3, 1))));

    public Func<EmbeddingRequest, CancellationToken, Task<EmbeddingResponse>> OnEmbed { get; set; } = (request, _) =>
    {
        var vectors = new List<float[]>();
        for (var i = 0; i < request.Inputs.Count; i++) vectors.Add([i + 0.5f, -1.25f, 3f]);
        return Task.FromResult(new EmbeddingResponse { Vectors = vectors, PromptTokens = 7, Upstream = new UpstreamInfo("amazon.titan-embed-text-v2:0", "us-east-1") });
    };

    public Func<ImageRequest, CancellationToken, Task<ImageResponse>> OnImages { get; set; } = (request, _) =>
    {
        var images = new List<string>();
        for (var i = 0; i < request.Count; i++) images.Add(Convert.ToBase64String(TestImages.Png));
        return Task.FromResult(new ImageResponse { ImagesBase64 = images, Upstream = new UpstreamInfo("amazon.nova-canvas-v1:0", "us-east-1") });
    };

    public ChatRequest? LastChat { get; private set; }
    public EmbeddingRequest? LastEmbedding { get; private set; }
    public ImageRequest? LastImages { get; private set; }
    public int Calls { get; private set; }

    public Task<ChatResponse> ChatAsync(ChatRequest request, CancellationToken cancellationToken)
    {
        LastChat = request;
        Calls++;
        return OnChat(request, cancellationToken);
    }

    public Task<ChatStream> StartChatStreamAsync(ChatRequest request, CancellationToken cancellationToken)
    {
        LastChat = request;
        Calls++;
        return OnStream(request, cancellationToken);
    }

    public Task<EmbeddingResponse> EmbedAsync(EmbeddingRequest request, CancellationToken cancellationToken)
    {
        LastEmbedding = request;
        Calls++;
        return OnEmbed(request, cancellationToken);
    }

    public Task<ImageResponse> GenerateImagesAsync(ImageRequest request, CancellationToken cancellationToken)
    {
        LastImages = request;
        Calls++;
        return OnImages(request, cancellationToken);
    }
}
