using Sluice.Core.Chat;
using Sluice.Core.Configuration;
using Sluice.Core.Embeddings;
using Sluice.Core.Errors;
using Sluice.Core.Images;
using Sluice.Core.Messages;
using Sluice.Core.Providers;

namespace Sluice.Core.Routing;

/// <summary>
/// A virtual model (<c>group/name</c>): the one entry point of routing, a decorator over its targets' providers.
/// Each call picks a target by the strategy (healthy, eligible targets first), retries it per its
/// <c>retry_config</c> with jittered backoff (waiting at least the upstream's Retry-After), and on a status in its
/// <c>fallback_status_codes</c> (or a missed first-token deadline) moves on to the next target in strategy order,
/// skipping <c>fallback_candidate: false</c>. Nothing is retried once the caller may have received a byte: a stream
/// is handed over only after its first update. A cancelled call (the client went away) stops at once.
/// Anthropic Messages calls (the other part of this class) route the same way over the targets that take Messages.
/// </summary>
public sealed partial class VirtualModelProvider : IModelProvider
{
    /// <summary>A Retry-After longer than this is not waited for: the next target is tried instead.</summary>
    public static readonly TimeSpan MaxRetryWait = TimeSpan.FromSeconds(10);

    private readonly RoutingTarget[] _targets;
    private readonly IRoutingStrategy _strategy;
    private readonly StickySessions? _sticky;
    private readonly TimeProvider _time;
    private readonly Random _random;
    private readonly ulong _fallbackCandidates;
    private readonly bool _anyMetadataMatch;
    private readonly ulong _all;

    /// <param name="name">The name callers use, <c>group/name</c>.</param>
    /// <param name="random">Source of the weighted picks and backoff jitter (tests pass a seeded one).</param>
    /// <param name="previous">The same virtual model in the previous snapshot: its sticky sessions are kept when the targets and sticky settings did not change.</param>
    public VirtualModelProvider(string name, RoutingStrategyKind strategy, RoutingTarget[] targets, StickyRouting? sticky, TimeProvider time, Random random,
        VirtualModelProvider? previous = null)
    {
        if (targets.Length is 0 or > 64) throw new ArgumentException("A virtual model has 1 to 64 targets.", nameof(targets));
        Name = name;
        Strategy = strategy;
        _targets = targets;
        _strategy = strategy switch
        {
            RoutingStrategyKind.Weight => WeightedStrategy.Instance,
            RoutingStrategyKind.Priority => PriorityStrategy.Instance,
            _ => LatencyStrategy.Instance,
        };
        _sticky = sticky is null || strategy != RoutingStrategyKind.Weight ? null
            : previous?._sticky is { } kept && SameSessions(kept.Settings, sticky) && SameTargets(previous._targets, targets) ? kept
            : new StickySessions(sticky, time);
        _time = time;
        _random = random;
        for (var i = 0; i < targets.Length; i++)
        {
            if (targets[i].FallbackCandidate) _fallbackCandidates |= 1UL << i;
            _anyMetadataMatch |= targets[i].MetadataMatch is not null;
            if (targets[i].Route.Provider is IMessagesProvider { SupportsMessages: true }) _messagesTargets |= 1UL << i;
        }

        _all = targets.Length == 64 ? ulong.MaxValue : (1UL << targets.Length) - 1;
    }

    /// <summary>
    /// A router over one real model alone, so that a direct call gets the same per-request timeouts and retries
    /// (<see cref="RouteCall"/>) as a virtual model's: no retries by default, nothing to fall back to.
    /// </summary>
    public static VirtualModelProvider Direct(ModelRoute route) =>
        new(route.FullName, RoutingStrategyKind.Priority,
            [new RoutingTarget(route, TimeProvider.System) { Retry = RetryPolicy.None, FallbackStatusCodes = [] }], null, TimeProvider.System, Random.Shared);

    public string Name { get; }

    public RoutingStrategyKind Strategy { get; }

    public IReadOnlyList<RoutingTarget> Targets => _targets;

    // The IModelProvider surface routes with no per-request options (no timeouts, metadata or session).
    public Task<ChatResponse> ChatAsync(ChatRequest request, CancellationToken cancellationToken) => ChatAsync(request, new RouteCall(), cancellationToken);

    public Task<ChatStream> StartChatStreamAsync(ChatRequest request, CancellationToken cancellationToken) => StartChatStreamAsync(request, new RouteCall(), cancellationToken);

    public Task<EmbeddingResponse> EmbedAsync(EmbeddingRequest request, CancellationToken cancellationToken) => EmbedAsync(request, new RouteCall(), cancellationToken);

    public Task<ImageResponse> GenerateImagesAsync(ImageRequest request, CancellationToken cancellationToken) => GenerateImagesAsync(request, new RouteCall(), cancellationToken);

    public Task<ChatResponse> ChatAsync(ChatRequest request, RouteCall call, CancellationToken cancellationToken) =>
        RunAsync(request, call, stream: false, static async (target, r, deadline, time, ct) =>
        {
            var sent = target.Overrides?.Apply(r) ?? r;
            var response = await target.Route.Provider.ChatAsync(sent, ct);
            RequestOverrides.CopyDrops(sent, r);
            return (response, response.Usage.CompletionTokens);
        }, cancellationToken);

    public Task<ChatStream> StartChatStreamAsync(ChatRequest request, RouteCall call, CancellationToken cancellationToken) =>
        RunAsync(request, call, stream: true, static async (target, r, deadline, time, ct) =>
        {
            var sent = target.Overrides?.Apply(r) ?? r;
            // The stream records its own latency when it ends; -1 tells the loop not to.
            ChatStream stream = await RoutedChatStream.StartAsync(target, sent, deadline, time, ct);
            RequestOverrides.CopyDrops(sent, r);
            return (stream, -1);
        }, cancellationToken);

    public Task<EmbeddingResponse> EmbedAsync(EmbeddingRequest request, RouteCall call, CancellationToken cancellationToken) =>
        RunAsync(request, call, stream: false, static async (target, r, deadline, time, ct) =>
        {
            var response = await target.Route.Provider.EmbedAsync(target.Overrides?.Apply(r) ?? r, ct);
            return (response, 1);
        }, cancellationToken);

    public Task<ImageResponse> GenerateImagesAsync(ImageRequest request, RouteCall call, CancellationToken cancellationToken) =>
        RunAsync(request, call, stream: false, static async (target, r, deadline, time, ct) =>
        {
            var response = await target.Route.Provider.GenerateImagesAsync(r, ct);
            return (response, 1);
        }, cancellationToken);

    private delegate Task<(TResult Result, int OutputTokens)> Attempt<TRequest, TResult>(RoutingTarget target, TRequest request, AttemptDeadline? deadline, TimeProvider time, CancellationToken ct);

    private Task<TResult> RunAsync<TRequest, TResult>(TRequest request, RouteCall call, bool stream, Attempt<TRequest, TResult> attempt, CancellationToken ct) =>
        RunAsync(request, call, stream, _all, attempt, ct);

    /// <param name="usable">The targets that can serve this kind of call (bit i = targets[i]).</param>
    private async Task<TResult> RunAsync<TRequest, TResult>(TRequest request, RouteCall call, bool stream, ulong usable, Attempt<TRequest, TResult> attempt,
        CancellationToken ct)
    {
        var eligible = Eligible(call.Metadata) & usable;
        if (eligible == 0) throw new GatewayException(RoutingErrors.NoTarget(Name));

        var sessionKey = _sticky?.KeyOf(call);
        var index = FirstPick(eligible, sessionKey);
        var tried = 0UL;
        while (true)
        {
            var target = _targets[index];
            tried |= 1UL << index;
            var retryPolicy = call.Retry is { } requested ? requested.Over(target.Retry) : target.Retry;
            GatewayException failure;
            TimeSpan elapsed;
            for (var retry = 0; ; retry++)
            {
                call.Target = target;
                call.Attempts++;
                var started = _time.GetTimestamp();
                var deadline = AttemptDeadline.Start(call, stream, _time, ct);
                var outerHeaders = target.Headers is { } headers ? UpstreamHeaders.Enter(headers) : null;
                try
                {
                    var (result, outputTokens) = await attempt(target, request, deadline, _time, deadline?.Token ?? ct);
                    if (!stream) deadline?.Dispose();
                    target.Health.Succeeded();
                    if (outputTokens >= 0) target.Latency.RecordCall(_time.GetElapsedTime(started), outputTokens);
                    if (sessionKey is not null) _sticky!.Pin(sessionKey, index);
                    return result;
                }
                catch (Exception e) when (!ct.IsCancellationRequested && (e is GatewayException || (e is OperationCanceledException && deadline?.Error(target) is not null)))
                {
                    failure = deadline?.Error(target) is { } timeout ? new GatewayException(timeout, e) : (GatewayException)e;
                    deadline?.Dispose();
                }
                catch
                {
                    deadline?.Dispose();
                    throw;
                }
                finally
                {
                    if (target.Headers is not null) UpstreamHeaders.Restore(outerHeaders);
                }

                elapsed = _time.GetElapsedTime(started);
                var error = failure.Error;
                target.Health.Failed(error.Status);
                var wait = retry < retryPolicy.Attempts && retryPolicy.RetriesOn(error.Status) ? Backoff(retryPolicy, retry, error.RetryAfter) : (TimeSpan?)null;
                if (wait is null) break;
                call.AttemptFailed(target, call.Attempts, error, elapsed);
                await Task.Delay(wait.Value, _time, ct);
            }

            // A missed first-token deadline always falls back; other statuses only when the target lists them.
            var next = -1;
            if (failure.Error.Code == RoutingErrors.FirstTokenTimeoutCode || target.FallsBackOn(failure.Error.Status))
            {
                next = Pick(eligible & _fallbackCandidates & ~tried);
            }

            if (next < 0) throw failure;
            call.AttemptFailed(target, call.Attempts, failure.Error, elapsed);
            index = next;
        }
    }

    // Pins are target indexes, so they carry over only when the target list is the same, in the same order.
    private static bool SameTargets(RoutingTarget[] a, RoutingTarget[] b)
    {
        if (a.Length != b.Length) return false;
        for (var i = 0; i < a.Length; i++)
        {
            if (a[i].Route.FullName != b[i].Route.FullName) return false;
        }

        return true;
    }

    private static bool SameSessions(StickyRouting a, StickyRouting b) =>
        a.Ttl == b.Ttl && a.Identifiers.AsSpan().SequenceEqual(b.Identifiers);

    /// <summary>
    /// The wait before retry number <paramref name="retry"/> (0-based): the delay doubled per retry plus up to 25%
    /// jitter, or the upstream's Retry-After when longer; null when that is longer than <see cref="MaxRetryWait"/>.
    /// </summary>
    private TimeSpan? Backoff(RetryPolicy policy, int retry, TimeSpan? retryAfter)
    {
        var backoff = policy.Delay * Math.Pow(2, Math.Min(retry, 10)) * (1 + 0.25 * _random.NextDouble());
        if (retryAfter is { } after && after > backoff)
        {
            if (after > MaxRetryWait) return null;
            backoff = after;
        }

        return backoff > MaxRetryWait ? MaxRetryWait : backoff;
    }

    private ulong Eligible(IReadOnlyDictionary<string, string>? metadata)
    {
        if (!_anyMetadataMatch) return _all;
        var eligible = 0UL;
        for (var i = 0; i < _targets.Length; i++)
        {
            if (_targets[i].Matches(metadata)) eligible |= 1UL << i;
        }

        return eligible;
    }

    private int FirstPick(ulong eligible, string? sessionKey)
    {
        if (sessionKey is not null)
        {
            var pinned = _sticky!.PinnedTarget(sessionKey);
            // A pinned target that is unhealthy or no longer eligible is re-chosen (and re-pinned by the success).
            if (pinned >= 0 && pinned < _targets.Length && (eligible & (1UL << pinned)) != 0 && _targets[pinned].IsHealthy(_time.GetTimestamp()))
            {
                return pinned;
            }
        }

        return Pick(eligible);
    }

    /// <summary>The strategy's pick among healthy candidates, else among all (a cooling target is moved to the back, not removed); -1 when none.</summary>
    private int Pick(ulong candidates)
    {
        if (candidates == 0) return -1;
        var now = _time.GetTimestamp();
        var healthy = 0UL;
        for (var i = 0; i < _targets.Length; i++)
        {
            if ((candidates & (1UL << i)) != 0 && _targets[i].IsHealthy(now)) healthy |= 1UL << i;
        }

        return _strategy.Pick(_targets, healthy != 0 ? healthy : candidates, _random, now);
    }
}
