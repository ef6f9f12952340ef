using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using Sluice.Core.Chat;
using Sluice.Gateway.Json;

namespace Sluice.Gateway.OpenAi;

/// <summary>
/// Frames one streamed answer as OpenAI <c>chat.completion.chunk</c> SSE events on the response pipe. Holds the
/// per-stream state: whether the role chunk went out, and the mapping from provider tool indexes to OpenAI ones.
/// </summary>
internal sealed class ChatChunkWriter(PipeWriter pipe, string id, long created, string model) : IDisposable
{
    private readonly Utf8JsonWriter _json = new(pipe, GatewayJson.WriterOptions);
    private int[] _toolIndexes = [];
    private int _toolCount;

    public bool Started { get; private set; }

    /// <summary>True once an upstream chunk went out as is: the upstream then also sends the role and usage chunks.</summary>
    public bool Passthrough { get; private set; }

    /// <summary>Writes an upstream <c>chat.completion.chunk</c> as received (its model already the caller's name).</summary>
    public void WriteRaw(ReadOnlySpan<byte> chunk)
    {
        Started = true;
        Passthrough = true;
        pipe.Write("data: "u8);
        pipe.Write(chunk);
        pipe.Write("\n\n"u8);
    }

    public void WriteRole()
    {
        Started = true;
        Begin();
        _json.WriteString("role"u8, "assistant"u8);
        _json.WriteString("content"u8, ""u8);
        End(null);
    }

    public void WriteUpdate(in ChatStreamUpdate update)
    {
        switch (update.Kind)
        {
            case ChatStreamUpdateKind.Text:
                if (string.IsNullOrEmpty(update.Text)) return;
                Begin();
                _json.WriteString("content"u8, update.Text);
                End(null);
                break;
            case ChatStreamUpdateKind.Reasoning:
                if (update.Text is null && update.ReasoningSignature is null) return;
                Begin();
                if (update.Text is not null) _json.WriteString("reasoning_content"u8, update.Text);
                if (update.ReasoningSignature is not null) _json.WriteString("reasoning_signature"u8, update.ReasoningSignature);
                End(null);
                break;
            case ChatStreamUpdateKind.ToolCallStart:
                Begin();
                _json.WriteStartArray("tool_calls"u8);
                _json.WriteStartObject();
                _json.WriteNumber("index"u8, ToolIndex(update.ToolIndex));
                _json.WriteString("id"u8, update.ToolCallId);
                _json.WriteString("type"u8, "function"u8);
                _json.WriteStartObject("function"u8);
                _json.WriteString("name"u8, update.ToolName);
                _json.WriteString("arguments"u8, ""u8);
                _json.WriteEndObject();
                _json.WriteEndObject();
                _json.WriteEndArray();
                End(null);
                break;
            case ChatStreamUpdateKind.ToolCallArguments:
                if (string.IsNullOrEmpty(update.Text)) return;
                Begin();
                _json.WriteStartArray("tool_calls"u8);
                _json.WriteStartObject();
                _json.WriteNumber("index"u8, ToolIndex(update.ToolIndex));
                _json.WriteStartObject("function"u8);
                _json.WriteString("arguments"u8, update.Text);
                _json.WriteEndObject();
                _json.WriteEndObject();
                _json.WriteEndArray();
                End(null);
                break;
            case ChatStreamUpdateKind.Finish:
                Begin();
                End(update.FinishReason ?? FinishReason.Stop);
                break;
        }
    }

    /// <summary>The <c>include_usage</c> chunk: no choices, only usage.</summary>
    public void WriteUsage(Usage usage)
    {
        pipe.Write("data: "u8);
        _json.Reset(pipe);
        WriteHeader();
        _json.WriteStartArray("choices"u8);
        _json.WriteEndArray();
        ChatCompletionWriter.WriteUsage(_json, usage);
        _json.WriteEndObject();
        _json.Flush();
        pipe.Write("\n\n"u8);
    }

    public void WriteDone() => pipe.Write("data: [DONE]\n\n"u8);

    public void Dispose() => _json.Dispose();

    private void Begin()
    {
        pipe.Write("data: "u8);
        _json.Reset(pipe);
        WriteHeader();
        _json.WriteStartArray("choices"u8);
        _json.WriteStartObject();
        _json.WriteNumber("index"u8, 0);
        _json.WriteStartObject("delta"u8);
    }

    private void End(FinishReason? finish)
    {
        _json.WriteEndObject();
        _json.WriteNull("logprobs"u8);
        if (finish is { } reason) _json.WriteString("finish_reason"u8, ChatCompletionWriter.FinishReasonText(reason));
        else _json.WriteNull("finish_reason"u8);
        _json.WriteEndObject();
        _json.WriteEndArray();
        _json.WriteEndObject();
        _json.Flush();
        pipe.Write("\n\n"u8);
    }

    private void WriteHeader()
    {
        _json.WriteStartObject();
        _json.WriteString("id"u8, id);
        _json.WriteString("object"u8, "chat.completion.chunk"u8);
        _json.WriteNumber("created"u8, created);
        _json.WriteString("model"u8, model);
    }

    /// <summary>Providers number tool calls by content block; OpenAI clients expect 0, 1, 2... in order of appearance.</summary>
    private int ToolIndex(int providerIndex)
    {
        for (var i = 0; i < _toolCount; i++)
        {
            if (_toolIndexes[i] == providerIndex) return i;
        }

        if (_toolCount == _toolIndexes.Length) Array.Resize(ref _toolIndexes, Math.Max(4, _toolCount * 2));
        _toolIndexes[_toolCount] = providerIndex;
        return _toolCount++;
    }
}
