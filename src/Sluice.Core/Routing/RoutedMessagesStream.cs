using System.Runtime.CompilerServices;
using System.Text.Json;
using Sluice.Core.Chat;
using Sluice.Core.Errors;
using Sluice.Core.Messages;

namespace Sluice.Core.Routing;

/// <summary>
/// A target's Messages stream held until its first content event: <see cref="StartAsync"/> returns only once one
/// arrived, so a stream that fails, is throttled or sends an <c>error</c> event before that is an ordinary failed
/// attempt (retried or fallen back invisibly). The events read before it (<c>message_start</c>, <c>ping</c>,
/// <c>content_block_start</c>) are replayed first, in order. Afterwards errors pass through to the caller.
/// </summary>
internal sealed class RoutedMessagesStream : MessagesStream
{
    private readonly MessagesStream _inner;
    private readonly IAsyncEnumerator<MessagesEvent> _events;
    private readonly List<MessagesEvent> _held;
    private readonly AttemptDeadline? _deadline;
    private readonly RoutingTarget _target;
    private readonly TimeProvider _time;
    private readonly long _started;

    private RoutedMessagesStream(MessagesStream inner, IAsyncEnumerator<MessagesEvent> events, List<MessagesEvent> held, AttemptDeadline? deadline,
        RoutingTarget target, TimeProvider time, long started)
    {
        _inner = inner;
        _events = events;
        _held = held;
        _deadline = deadline;
        _target = target;
        _time = time;
        _started = started;
    }

    public override UpstreamInfo Upstream => _inner.Upstream;

    public override MessagesAdjustments Adjustments => _inner.Adjustments;

    public override Chat.Usage? Usage => _inner.Usage;

    /// <summary>
    /// Whether an event is an answer the caller must not see twice. <c>message_start</c> and <c>ping</c> carry none,
    /// and a <c>content_block_start</c> only opens a block (an empty text, or a tool call whose input follows), so
    /// they can still be replaced by another target's.
    /// </summary>
    internal static bool CarriesContent(string type) => type is not ("message_start" or "ping" or "content_block_start");

    /// <summary>Starts the target's stream and reads up to its first content. Owns <paramref name="deadline"/> from here on.</summary>
    public static async Task<RoutedMessagesStream> StartAsync(RoutingTarget target, MessagesRequest request, AttemptDeadline? deadline, TimeProvider time,
        CancellationToken ct)
    {
        var token = deadline?.Token ?? ct;
        var started = time.GetTimestamp();
        var inner = await ((IMessagesProvider)target.Route.Provider).StartMessagesStreamAsync(request, token);
        IAsyncEnumerator<MessagesEvent>? events = null;
        try
        {
            events = inner.ReadEventsAsync(token).GetAsyncEnumerator(token);
            var held = new List<MessagesEvent>(4);
            while (await events.MoveNextAsync())
            {
                var e = events.Current;
                if (e.Type == "error") throw new GatewayException(ErrorEvent(target, e.Data));
                if (CarriesContent(e.Type))
                {
                    held.Add(e);
                    break;
                }

                // Copied: a provider may reuse the event's buffer once the next event is read.
                held.Add(new MessagesEvent(e.Type, e.Data.ToArray()));
            }

            deadline?.FirstTokenArrived();
            target.Latency.RecordFirstToken(time.GetElapsedTime(started));
            return new RoutedMessagesStream(inner, events, held, deadline, target, time, started);
        }
        catch
        {
            if (events is not null) await events.DisposeAsync();
            await inner.DisposeAsync();
            throw;
        }
    }

    public override async IAsyncEnumerable<MessagesEvent> ReadEventsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var held in _held) yield return held;
        // The last held event is the stream's current one (or the stream ended before any content).
        if (_held.Count == 0 || !CarriesContent(_held[^1].Type))
        {
            Finished();
            yield break;
        }

        while (true)
        {
            bool more;
            try
            {
                more = await _events.MoveNextAsync();
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
            yield return _events.Current;
        }

        Finished();
    }

    public override async ValueTask DisposeAsync()
    {
        await _events.DisposeAsync();
        await _inner.DisposeAsync();
        _deadline?.Dispose();
    }

    private void Finished() => _target.Latency.RecordCall(_time.GetElapsedTime(_started), _inner.Usage?.CompletionTokens ?? 0);

    private static GatewayError ErrorEvent(RoutingTarget target, ReadOnlyMemory<byte> data)
    {
        string? type = null, message = null;
        try
        {
            using var doc = JsonDocument.Parse(data);
            if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
            {
                type = error.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
                message = error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
            }
        }
        catch (JsonException)
        {
            // An unreadable error event is still an error: the generic server error below.
        }

        return RoutingErrors.StreamErrorEvent(target, type, message);
    }
}
