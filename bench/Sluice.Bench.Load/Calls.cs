using System.Buffers;
using System.Diagnostics;

namespace Sluice.Bench.Load;

/// <summary>One measured request: a whole chat completion, or a stream read chunk by chunk.</summary>
public static class Calls
{
    private static readonly byte[] ContentMarker = "\"content\":\""u8.ToArray();
    private static readonly byte[] DoneMarker = "[DONE]"u8.ToArray();

    /// <summary>Sends one non-streaming chat request; latency counts from <paramref name="scheduled"/> (no coordinated omission).</summary>
    public static async Task ChatAsync(Target target, RunResult result, int index, long scheduled, CancellationToken cancellationToken)
    {
        result.LatencyMs[index] = double.NaN;
        try
        {
            using var request = target.NewRequest(stream: false);
            using var response = await target.Client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            var done = Stopwatch.GetTimestamp();
            if ((int)response.StatusCode != 200 || body.AsSpan().IndexOf(ContentMarker) < 0)
            {
                result.Fail($"{target.Name}: HTTP {(int)response.StatusCode}: {Truncate(body)}");
                return;
            }

            result.LatencyMs[index] = Stopwatch.GetElapsedTime(scheduled, done).TotalMilliseconds;
        }
        catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException)
        {
            result.Fail($"{target.Name}: {e.GetType().Name}: {e.Message}");
        }
    }

    /// <summary>
    /// Sends one streaming request and times every SSE event that carries text: the first gives the time to first token
    /// (from the scheduled send), the rest give inter-chunk gaps. <paramref name="onFirstToken"/> fires once.
    /// When <paramref name="expectedChunks"/> is positive, a stream with another count of text chunks is an error.
    /// </summary>
    public static async Task StreamAsync(
        Target target, RunResult result, int index, long scheduled, int expectedChunks, Action? onFirstToken, CancellationToken cancellationToken)
    {
        result.TtftMs[index] = double.NaN;
        result.LatencyMs[index] = double.NaN;
        var pending = ArrayPool<byte>.Shared.Rent(64 * 1024);
        var gaps = new List<double>(Math.Max(expectedChunks, 16));
        try
        {
            using var request = target.NewRequest(stream: true);
            using var response = await target.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            if ((int)response.StatusCode != 200)
            {
                var n = await body.ReadAsync(pending, cancellationToken);
                result.Fail($"{target.Name}: HTTP {(int)response.StatusCode}: {Truncate(pending.AsSpan(0, n).ToArray())}");
                return;
            }

            var length = 0;
            var tokens = 0;
            var sawDone = false;
            long lastToken = 0;
            while (true)
            {
                if (length == pending.Length)
                {
                    var bigger = ArrayPool<byte>.Shared.Rent(pending.Length * 2);
                    pending.AsSpan(0, length).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(pending);
                    pending = bigger;
                }

                var read = await body.ReadAsync(pending.AsMemory(length), cancellationToken);
                if (read == 0)
                {
                    break;
                }

                var now = Stopwatch.GetTimestamp();
                length += read;
                var consumed = 0;
                while (true)
                {
                    var end = EventEnd(pending.AsSpan(consumed, length - consumed), out var separator);
                    if (end < 0)
                    {
                        break;
                    }

                    var evt = pending.AsSpan(consumed, end);
                    consumed += end + separator;
                    if (HasText(evt))
                    {
                        if (tokens == 0)
                        {
                            result.TtftMs[index] = Stopwatch.GetElapsedTime(scheduled, now).TotalMilliseconds;
                            onFirstToken?.Invoke();
                        }
                        else
                        {
                            gaps.Add(Stopwatch.GetElapsedTime(lastToken, now).TotalMilliseconds);
                        }

                        tokens++;
                        lastToken = now;
                    }
                    else if (evt.IndexOf(DoneMarker) >= 0)
                    {
                        sawDone = true;
                    }
                }

                pending.AsSpan(consumed, length - consumed).CopyTo(pending);
                length -= consumed;
            }

            if (!sawDone || (expectedChunks > 0 && tokens != expectedChunks))
            {
                result.TtftMs[index] = double.NaN;
                result.Fail($"{target.Name}: stream ended with {tokens} text chunks (expected {expectedChunks}), [DONE] seen: {sawDone}");
                return;
            }

            result.LatencyMs[index] = Stopwatch.GetElapsedTime(scheduled).TotalMilliseconds;
            result.Gaps[index] = gaps;
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            // Cancelled on purpose (open-streams figure): neither a success nor an error.
        }
        catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException)
        {
            result.TtftMs[index] = double.NaN;
            result.Fail($"{target.Name}: {e.GetType().Name}: {e.Message}");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(pending);
        }
    }

    // An SSE event ends with a blank line; accept LF and CRLF line ends.
    private static int EventEnd(ReadOnlySpan<byte> buffer, out int separator)
    {
        var lf = buffer.IndexOf("\n\n"u8);
        var crlf = buffer.IndexOf("\r\n\r\n"u8);
        if (crlf >= 0 && (lf < 0 || crlf < lf))
        {
            separator = 4;
            return crlf;
        }

        separator = 2;
        return lf;
    }

    // A chunk carries text when a "content":"..." value is not empty (role-only and finish chunks carry none).
    private static bool HasText(ReadOnlySpan<byte> evt)
    {
        var at = evt.IndexOf(ContentMarker);
        while (at >= 0)
        {
            var next = at + ContentMarker.Length;
            if (next < evt.Length && evt[next] != (byte)'"')
            {
                return true;
            }

            var rest = evt[next..].IndexOf(ContentMarker);
            at = rest < 0 ? -1 : next + rest;
        }

        return false;
    }

    private static string Truncate(byte[] body) =>
        System.Text.Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 300));
}
