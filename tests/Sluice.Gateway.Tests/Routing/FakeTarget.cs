using System.Collections.Frozen;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Sluice.Core.Chat;
using Sluice.Core.Configuration;
using Sluice.Core.Embeddings;
using Sluice.Core.Errors;
using Sluice.Core.Images;
using Sluice.Core.Messages;
using Sluice.Core.Pricing;
using Sluice.Core.Providers;

namespace Sluice.Gateway.Tests.Routing;

/// <summary>
/// A scripted model: each call takes the next step (answer, fail with a status, or stream); when the script runs out
/// it answers. Every call is announced on <see cref="Calls"/>, so tests await calls instead of sleeping.
/// </summary>
internal sealed class FakeTarget : IModelProvider, IMessagesProvider
{
    private readonly Queue<Func<CancellationToken, Task<Step>>> _script = new();

    public FakeTarget(string fullName, bool messages = true)
    {
        SupportsMessages = messages;
        var slash = fullName.IndexOf('/', StringComparison.Ordinal);
        Route = new ModelRoute(fullName[..slash], fullName[(slash + 1)..], ModelType.Chat | ModelType.Embedding | ModelType.Image, "model-" + fullName,
            this, null, FrozenSet<string>.Empty);
    }

    public ModelRoute Route { get; }

    public int CallCount;

    public bool SupportsMessages { get; }

    /// <summary>The Messages requests received, in order.</summary>
    public List<MessagesRequest> MessagesRequests { get; } = [];

    public Channel<int> Calls { get; } = Channel.CreateUnbounded<int>();

    public FakeTarget Then(Step step)
    {
        _script.Enqueue(_ => Task.FromResult(step));
        return this;
    }

    public FakeTarget Then(Func<CancellationToken, Task<Step>> step)
    {
        _script.Enqueue(step);
        return this;
    }

    public static Step Fail(int status, TimeSpan? retryAfter = null) =>
        new(new GatewayError(status, "upstream_error", "E" + status, "failed with " + status, RetryAfter: retryAfter));

    public async Task<ChatResponse> ChatAsync(ChatRequest request, CancellationToken cancellationToken)
    {
        var step = await NextAsync(cancellationToken);
        if (step.Error is { } e) throw new GatewayException(e);
        return new ChatResponse { Text = "from " + Route.FullName, FinishReason = FinishReason.Stop, Usage = new Usage(3, 4), Upstream = new UpstreamInfo(Route.UpstreamModelId, "us-east-1") };
    }

    public async Task<ChatStream> StartChatStreamAsync(ChatRequest request, CancellationToken cancellationToken)
    {
        var step = await NextAsync(cancellationToken);
        if (step.Error is { } e && step.StreamFailsAfter is null) throw new GatewayException(e);
        return new FakeStream(Route, step);
    }

    public async Task<EmbeddingResponse> EmbedAsync(EmbeddingRequest request, CancellationToken cancellationToken)
    {
        var step = await NextAsync(cancellationToken);
        if (step.Error is { } e) throw new GatewayException(e);
        return new EmbeddingResponse { Vectors = [[1f]], PromptTokens = 1, Upstream = new UpstreamInfo(Route.UpstreamModelId, "us-east-1") };
    }

    public async Task<ImageResponse> GenerateImagesAsync(ImageRequest request, CancellationToken cancellationToken)
    {
        var step = await NextAsync(cancellationToken);
        if (step.Error is { } e) throw new GatewayException(e);
        return new ImageResponse { ImagesBase64 = ["AA=="], Upstream = new UpstreamInfo(Route.UpstreamModelId, "us-east-1") };
    }

    public async Task<MessagesResponse> SendMessagesAsync(MessagesRequest request, CancellationToken cancellationToken)
    {
        lock (MessagesRequests) MessagesRequests.Add(request);
        var step = await NextAsync(cancellationToken);
        if (step.Error is { } e) throw new GatewayException(e);
        return new MessagesResponse(System.Text.Encoding.UTF8.GetBytes("{\"from\":\"" + Route.FullName + "\"}"), new Usage(3, 4),
            new UpstreamInfo(Route.UpstreamModelId, "us-east-1"), MessagesAdjustments.None);
    }

    public async Task<MessagesStream> StartMessagesStreamAsync(MessagesRequest request, CancellationToken cancellationToken)
    {
        lock (MessagesRequests) MessagesRequests.Add(request);
        var step = await NextAsync(cancellationToken);
        if (step.Error is { } e && step.StreamFailsAfter is null && !step.ErrorEvent) throw new GatewayException(e);
        return new FakeMessagesStream(Route, step);
    }

    public async Task<int> CountTokensAsync(MessagesRequest request, CancellationToken cancellationToken)
    {
        var step = await NextAsync(cancellationToken);
        if (step.Error is { } e) throw new GatewayException(e);
        return 42;
    }

    /// <summary>The upstream headers current at each call, in order (null when none were).</summary>
    public List<UpstreamHeaders?> HeadersSeen { get; } = [];

    private Task<Step> NextAsync(CancellationToken ct)
    {
        lock (HeadersSeen) HeadersSeen.Add(UpstreamHeaders.Current);
        var n = Interlocked.Increment(ref CallCount);
        Calls.Writer.TryWrite(n);
        return _script.TryDequeue(out var step) ? step(ct) : Task.FromResult(Step.Ok);
    }

    /// <summary>
    /// What one call does. <see cref="StreamFailsAfter"/>: a stream that fails with <see cref="Error"/> after that many
    /// updates. <see cref="ErrorEvent"/>: a Messages stream that sends an <c>overloaded_error</c> event after <c>message_start</c>.
    /// </summary>
    internal sealed record Step(GatewayError? Error = null, int? StreamFailsAfter = null, Func<CancellationToken, Task>? BeforeFirstUpdate = null,
        bool ErrorEvent = false)
    {
        public static readonly Step Ok = new();
    }

    private sealed class FakeStream(ModelRoute route, Step step) : ChatStream
    {
        public override UpstreamInfo Upstream { get; } = new(route.UpstreamModelId, "us-east-1");

        public override async IAsyncEnumerable<ChatStreamUpdate> ReadUpdatesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
        {
            if (step.BeforeFirstUpdate is { } wait) await wait(cancellationToken);
            string[] words = ["one ", "two ", "three "];
            for (var i = 0; i < words.Length; i++)
            {
                if (step.StreamFailsAfter == i) throw new GatewayException(step.Error!);
                yield return ChatStreamUpdate.TextDelta(words[i]);
            }

            yield return ChatStreamUpdate.Finish(FinishReason.Stop);
            yield return ChatStreamUpdate.UsageReport(new Usage(3, 3));
        }

        public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
