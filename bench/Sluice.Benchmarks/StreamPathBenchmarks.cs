using System.IO.Pipelines;
using BenchmarkDotNet.Attributes;
using Sluice.Bedrock.Converse;
using Sluice.Bedrock.EventStream;
using Sluice.Core.Chat;
using Sluice.Gateway.OpenAi;

namespace Sluice.Benchmarks;

/// <summary>
/// The streaming path: event-stream framing to messages, ConverseStream events to neutral updates, and neutral updates
/// to OpenAI SSE chunks. The 200-event body is fed in 1 KiB slices, as socket reads would deliver it.
/// </summary>
[MemoryDiagnoser]
public class StreamPathBenchmarks
{
    private const int SliceSize = 1024;
    private readonly List<ChatStreamUpdate> _updates = new(8);
    private readonly PipeWriter _sink = PipeWriter.Create(Stream.Null);
    private ChatStreamUpdate[] _chunkUpdates = [];

    /// <summary>Prepares 64 text updates plus finish, as one typical streamed answer.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var list = new List<ChatStreamUpdate>();
        for (var i = 0; i < 64; i++)
        {
            list.Add(ChatStreamUpdate.TextDelta(" word"));
        }

        list.Add(ChatStreamUpdate.Finish(FinishReason.Stop));
        _chunkUpdates = list.ToArray();
    }

    /// <summary>EventStreamDecoder over a 200-event body (both CRCs checked per frame).</summary>
    [Benchmark]
    public int DecodeEventStream200()
    {
        using var decoder = new EventStreamDecoder();
        var body = SamplePayloads.StreamBody.AsSpan();
        var count = 0;
        for (var offset = 0; offset < body.Length; offset += SliceSize)
        {
            decoder.Write(body.Slice(offset, Math.Min(SliceSize, body.Length - offset)));
            while (decoder.TryReadMessage(out var message))
            {
                count += message.Payload.Length > 0 ? 1 : 0;
            }
        }

        return count;
    }

    /// <summary>Decode and translate together: the gateway's whole upstream side of one 200-event answer.</summary>
    [Benchmark]
    public int DecodeAndTranslate200()
    {
        using var decoder = new EventStreamDecoder();
        var state = new ConverseStreamState();
        var body = SamplePayloads.StreamBody.AsSpan();
        var count = 0;
        for (var offset = 0; offset < body.Length; offset += SliceSize)
        {
            decoder.Write(body.Slice(offset, Math.Min(SliceSize, body.Length - offset)));
            while (decoder.TryReadMessage(out var message))
            {
                _updates.Clear();
                ConverseStreamTranslator.FromConverseStreamEvent(message.EventType, message.Payload.Span, state, _updates);
                count += _updates.Count;
            }
        }

        return count;
    }

    /// <summary>FromConverseStreamEvent over a 200-event answer (payloads already unframed).</summary>
    [Benchmark]
    public int TranslateConverseStream200()
    {
        var state = new ConverseStreamState();
        var count = 0;
        foreach (var (type, payload) in SamplePayloads.StreamEvents)
        {
            _updates.Clear();
            ConverseStreamTranslator.FromConverseStreamEvent(type, payload, state, _updates);
            count += _updates.Count;
        }

        return count;
    }

    /// <summary>One streamed answer as OpenAI SSE: role chunk, 64 text chunks, finish, usage, [DONE].</summary>
    [Benchmark]
    public long EncodeSse64()
    {
        using (var writer = new ChatChunkWriter(_sink, "chatcmpl-0123456789abcdef", 1748865600, "my-bedrock/claude-3-5-sonnet"))
        {
            writer.WriteRole();
            foreach (var update in _chunkUpdates)
            {
                writer.WriteUpdate(update);
            }

            writer.WriteUsage(new Usage(120, 64));
            writer.WriteDone();
        }

        var unflushed = _sink.UnflushedBytes;
        _sink.FlushAsync().GetAwaiter().GetResult();
        return unflushed;
    }
}
