using System.Diagnostics;
using System.Runtime.CompilerServices;
using Sluice.Core.Chat;
using Sluice.Core.Messages;
using static Sluice.Gateway.Telemetry.TelemetryNames;

namespace Sluice.Gateway.Telemetry;

/// <summary>An upstream Anthropic Messages stream, measured as <see cref="InstrumentedChatStream"/> measures a chat stream.</summary>
internal sealed class InstrumentedMessagesStream(MessagesStream inner, Activity? activity, UpstreamTarget target, GenAiInstruments genAi, long started)
    : MessagesStream
{
    private bool _ended;

    public override UpstreamInfo Upstream => inner.Upstream;

    public override MessagesAdjustments Adjustments => inner.Adjustments;

    public override Usage? Usage => inner.Usage;

    public override async IAsyncEnumerable<MessagesEvent> ReadEventsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        long last = 0;
        double? firstChunk = null;
        await using var events = inner.ReadEventsAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            try
            {
                if (!await events.MoveNextAsync()) break;
            }
            catch (Exception e)
            {
                End(e, firstChunk);
                throw;
            }

            var now = Stopwatch.GetTimestamp();
            if (firstChunk is null)
            {
                firstChunk = Stopwatch.GetElapsedTime(started, now).TotalSeconds;
                genAi.FirstChunk(Chat, target, firstChunk.Value);
            }
            else
            {
                genAi.NextChunk(Chat, target, Stopwatch.GetElapsedTime(last, now).TotalSeconds);
            }

            last = now;
            yield return events.Current;
        }

        End(null, firstChunk);
    }

    public override async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync();
        if (!_ended) End(new OperationCanceledException(), null);
    }

    private void End(Exception? error, double? firstChunk)
    {
        if (_ended) return;
        _ended = true;
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        if (error is null) genAi.Succeeded(activity, Chat, target, inner.Upstream.ModelId, inner.Usage, null, seconds, firstChunk);
        else genAi.Failed(activity, Chat, target, error, seconds);
        activity?.Dispose();
    }
}
