using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Text;

namespace Sluice.OpenAI.Sse;

/// <summary>
/// Frames a <c>text/event-stream</c> body into events (the SSE framing only; what the data means is the
/// translators' business). Lines end in LF, CRLF or CR; comments (<c>:</c> keep-alives) and <c>id:</c>/<c>retry:</c>
/// are skipped. An event's data is copied into one pooled buffer reused for the next event.
/// </summary>
public sealed class SseReader(Stream body) : IAsyncDisposable
{
    /// <summary>An event bigger than this is refused: a runaway upstream must not grow the gateway's memory.</summary>
    public const int MaxEventBytes = 16 * 1024 * 1024;

    private readonly PipeReader _pipe = PipeReader.Create(body, new StreamPipeReaderOptions(bufferSize: 16 * 1024));
    private byte[] _data = ArrayPool<byte>.Shared.Rent(4096);
    private int _length;

    public async IAsyncEnumerable<SseEvent> ReadEventsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? name = null;
        var hasData = false;
        while (true)
        {
            var result = await _pipe.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            SseEvent? ready = null;
            while (ready is null && TryReadLine(ref buffer, out var line))
            {
                if (line.Length > 0)
                {
                    Field(line, ref name, ref hasData);
                    continue;
                }

                if (hasData) ready = new SseEvent(name, _data.AsMemory(0, _length));
                name = null;
                hasData = false;
            }

            if (ready is { } complete)
            {
                // Consumed and examined up to the event's end: the next read returns what is left without waiting.
                _pipe.AdvanceTo(buffer.Start);
                yield return complete;
                _length = 0;
                continue;
            }

            if (result.IsCompleted)
            {
                // A last event not followed by a blank line still counts (some servers end that way).
                if (hasData) yield return new SseEvent(name, _data.AsMemory(0, _length));
                yield break;
            }

            if (buffer.Length > MaxEventBytes) throw new InvalidDataException($"An SSE line is longer than {MaxEventBytes} bytes.");
            _pipe.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _pipe.CompleteAsync().ConfigureAwait(false);
        var data = _data;
        _data = [];
        if (data.Length > 0) ArrayPool<byte>.Shared.Return(data);
    }

    private void Field(ReadOnlySequence<byte> line, ref string? name, ref bool hasData)
    {
        var span = line.IsSingleSegment ? line.FirstSpan : line.ToArray();
        if (span[0] == (byte)':') return;
        var colon = span.IndexOf((byte)':');
        var field = colon < 0 ? span : span[..colon];
        var value = colon < 0 ? ReadOnlySpan<byte>.Empty : span[(colon + 1)..];
        if (value.Length > 0 && value[0] == (byte)' ') value = value[1..];
        if (field.SequenceEqual("data"u8))
        {
            if (hasData) Append("\n"u8);
            Append(value);
            hasData = true;
        }
        else if (field.SequenceEqual("event"u8))
        {
            name = Encoding.UTF8.GetString(value);
        }
    }

    private void Append(ReadOnlySpan<byte> bytes)
    {
        if (_length + bytes.Length > MaxEventBytes) throw new InvalidDataException($"An SSE event is longer than {MaxEventBytes} bytes.");
        if (_length + bytes.Length > _data.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_length + bytes.Length, _data.Length * 2));
            _data.AsSpan(0, _length).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(_data);
            _data = bigger;
        }

        bytes.CopyTo(_data.AsSpan(_length));
        _length += bytes.Length;
    }

    private static bool TryReadLine(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> line)
    {
        var reader = new SequenceReader<byte>(buffer);
        if (!reader.TryAdvanceToAny("\r\n"u8, advancePastDelimiter: false))
        {
            line = default;
            return false;
        }

        var end = reader.Position;
        reader.TryRead(out var delimiter);
        if (delimiter == (byte)'\r')
        {
            // A CR at the end of what has arrived may be the first half of CRLF: wait for the next byte.
            if (reader.End) { line = default; return false; }
            if (reader.TryPeek(out var next) && next == (byte)'\n') reader.Advance(1);
        }

        line = buffer.Slice(0, end);
        buffer = buffer.Slice(reader.Position);
        return true;
    }
}
