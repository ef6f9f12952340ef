using System.Collections.Frozen;
using BenchmarkDotNet.Attributes;
using Sluice.Core.Chat;
using Sluice.Core.Configuration;
using Sluice.Core.Embeddings;
using Sluice.Core.Images;
using Sluice.Core.Pricing;
using Sluice.Core.Providers;
using Sluice.Core.Routing;

namespace Sluice.Benchmarks;

/// <summary>
/// What routing adds to a call: a provider that answers at once, called directly and through a virtual model with
/// one healthy target (the hot path of issue 10: it must add almost nothing).
/// </summary>
[MemoryDiagnoser]
public class RoutingBenchmarks
{
    private static readonly ChatRequest Request = new() { Model = "group/vm", Messages = [new ChatMessage { Role = ChatRole.User, Content = [new TextPart("hi")] }] };
    private readonly InstantProvider _provider = new();
    private readonly RouteCall _call = new();
    private VirtualModelProvider _router = null!;

    [GlobalSetup]
    public void Setup()
    {
        var route = new ModelRoute("acct", "model", ModelType.Chat, "model-id", _provider, null, FrozenSet<string>.Empty);
        _router = new VirtualModelProvider("group/vm", RoutingStrategyKind.Weight, [new RoutingTarget(route, TimeProvider.System) { Weight = 100 }],
            null, TimeProvider.System, new Random(1));
    }

    [Benchmark(Baseline = true)]
    public Task<ChatResponse> Direct() => _provider.ChatAsync(Request, CancellationToken.None);

    [Benchmark]
    public Task<ChatResponse> OneTargetVirtualModel() => _router.ChatAsync(Request, _call, CancellationToken.None);

    private sealed class InstantProvider : IModelProvider
    {
        private readonly Task<ChatResponse> _answer = Task.FromResult(new ChatResponse
        {
            Text = "ok",
            FinishReason = FinishReason.Stop,
            Usage = new Usage(1, 1),
            Upstream = new UpstreamInfo("model-id", "us-east-1"),
        });

        public Task<ChatResponse> ChatAsync(ChatRequest request, CancellationToken cancellationToken) => _answer;

        public Task<ChatStream> StartChatStreamAsync(ChatRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<EmbeddingResponse> EmbedAsync(EmbeddingRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<ImageResponse> GenerateImagesAsync(ImageRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
