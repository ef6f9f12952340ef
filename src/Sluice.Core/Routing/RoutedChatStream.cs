using System.Runtime.CompilerServices;
using Sluice.Core.Chat;
using Sluice.Core.Errors;

namespace Sluice.Core.Routing;

/// <summary>
/// A target's stream held until its first update: <see cref="StartAsync"/> returns only once content arrived, so a
/// stream that fails or is throttled before that is an ordinary failed attempt (retried or fallen back invisibly).
/// Afterwards errors pass through to the caller, who has already sent bytes and ends with an error event.
/// </summary>
internal sealed class RoutedChatStream : ChatStream
{
    private readonly ChatStream _inner;
    private readonly IAsyncEnumerator<ChatStreamUpdate> _updates;
    private readonly bool _hasFirst;
    private readonly AttemptDeadline? _deadline;
    private readonly RoutingTarget _target;
    private readonly TimeProvider _time;
    private readonly long _started;

    private RoutedChatStream(ChatStream inner, IAsyncEnumerator<ChatStreamUpdate> updates, bool hasFirst, AttemptDeadline? deadline,
        RoutingTarget target, TimeProvider time, long started)
    {
        _inner = inner;
        _updates = updates;
        _hasFirst = hasFirst;
        _deadline = deadline;
        _target = target;
        _time = time;
        _started = started;
    }

    public override UpstreamInfo Upstream => _inner.Upstream;

    /// <summary>Starts the target's stream and waits for its first update. Owns <paramref name="deadline"/> from here on.</summary>
    public static async Task<RoutedChatStream> StartAsync(RoutingTarget target, ChatRequest request, AttemptDeadline? deadline, TimeProvider time,
        CancellationToken ct)
    {
        var token = deadline?.Token ?? ct;
        var started = time.GetTimestamp();
        var inner = await target.Route.Provider.StartChatStreamAsync(request, token);
        IAsyncEnumerator<ChatStreamUpdate>? updates = null;
        try
        {
            updates = inner.ReadUpdatesAsync(token).GetAsyncEnumerator(token);
            var hasFirst = await updates.MoveNextAsync();
            deadline?.FirstTokenArrived();
            target.Latency.RecordFirstToken(time.GetElapsedTime(started));
            return new RoutedChatStream(inner, updates, hasFirst, deadline, target, time, started);
        }
        catch
        {
            if (updates is not null) await updates.DisposeAsync();
            await inner.DisposeAsync();
            throw;
        }
    }

    public override async IAsyncEnumerable<ChatStreamUpdate> ReadUpdatesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!_hasFirst)
        {
            Finished(0);
            yield break;
        }

        var output = 0;
        var update = _updates.Current;
        while (true)
        {
            if (update.Usage is { } usage) output = usage.CompletionTokens;
            yield return update;
            bool more;
            try
            {
                more = await _updates.MoveNextAsync();
            }
            catch (GatewayException e)
            {
                _target.Health.Failed(e.Error.Status);
                throw;
            }
            catch (OperationCanceledException) when (_deadline?.Error(_target) is { } timeout && !cancellationToken.IsCancellationRequested)
            {
                _target.Health.Failed(timeout.Status);
                throw new GatewayException(timeout);
            }

            if (!more) break;
            update = _updates.Current;
        }

        Finished(output);
    }

    public override async ValueTask DisposeAsync()
    {
        await _updates.DisposeAsync();
        await _inner.DisposeAsync();
        _deadline?.Dispose();
    }

    private void Finished(int outputTokens) => _target.Latency.RecordCall(_time.GetElapsedTime(_started), outputTokens);
}
