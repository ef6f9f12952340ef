using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text;
using Sluice.Core.Chat;
using static Sluice.Gateway.Telemetry.TelemetryNames;

namespace Sluice.Gateway.Telemetry;

/// <summary>
/// An upstream stream that records, as it is read, the time to its first chunk and between chunks, and ends its
/// attempt's span and duration when it ends (or fails, or is abandoned).
/// </summary>
internal sealed class InstrumentedChatStream(ChatStream inner, Activity? activity, UpstreamTarget target, GenAiInstruments genAi, long started)
    : ChatStream
{
    private bool _ended;

    public override UpstreamInfo Upstream => inner.Upstream;

    public override async IAsyncEnumerable<ChatStreamUpdate> ReadUpdatesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Usage? usage = null;
        FinishReason? finish = null;
        var chunks = genAi.ChunksEnabled;
        var text = activity is not null && genAi.CaptureContent ? new StringBuilder() : null;
        long last = 0;
        double? firstChunk = null;
        await using var updates = inner.ReadUpdatesAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            ChatStreamUpdate update;
            try
            {
                if (!await updates.MoveNextAsync()) break;
                update = updates.Current;
            }
            catch (Exception e)
            {
                End(e, null, null, firstChunk);
                throw;
            }

            if (update.Kind == ChatStreamUpdateKind.Usage) usage = update.Usage;
            else if (update.Kind == ChatStreamUpdateKind.Finish) finish = update.FinishReason;
            else
            {
                var now = Stopwatch.GetTimestamp();
                if (firstChunk is null)
                {
                    firstChunk = Stopwatch.GetElapsedTime(started, now).TotalSeconds;
                    if (chunks) genAi.FirstChunk(Chat, target, firstChunk.Value);
                }
                else if (chunks)
                {
                    genAi.NextChunk(Chat, target, Stopwatch.GetElapsedTime(last, now).TotalSeconds);
                }

                last = now;
                if (update.Kind == ChatStreamUpdateKind.Text) text?.Append(update.Text);
            }

            yield return update;
        }

        if (text is not null) MessageContent.TagOutput(activity!, text.ToString(), finish);
        End(null, usage, finish, firstChunk);
    }

    public override async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync();
        // A stream abandoned before its end (the client went away) still closes its span.
        if (!_ended) End(new OperationCanceledException(), null, null, null);
    }

    private void End(Exception? error, Usage? usage, FinishReason? finish, double? firstChunk)
    {
        if (_ended) return;
        _ended = true;
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        if (error is null) genAi.Succeeded(activity, Chat, target, inner.Upstream.ModelId, usage, finish, seconds, firstChunk);
        else genAi.Failed(activity, Chat, target, error, seconds);
        activity?.Dispose();
    }
}
