using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace Sluice.Bench.Mock;

/// <summary>The constant byte payloads for one (tokens, chunks) shape, built once and reused by every request.</summary>
public sealed class MockPayloads
{
    /// <summary>The text of one token; streamed chunks carry exactly one.</summary>
    public const string Token = "tok ";

    private static readonly ConcurrentDictionary<(int Tokens, int Chunks), MockPayloads> Cache = new();

    private MockPayloads(int tokens, int chunks)
    {
        var text = new StringBuilder(tokens * Token.Length);
        for (var i = 0; i < tokens; i++)
        {
            text.Append(Token);
        }

        var usage = string.Create(CultureInfo.InvariantCulture, $"\"inputTokens\":12,\"outputTokens\":{tokens},\"totalTokens\":{tokens + 12}");
        ConverseJson = Encoding.UTF8.GetBytes(
            "{\"output\":{\"message\":{\"role\":\"assistant\",\"content\":[{\"text\":\"" + text + "\"}]}},\"stopReason\":\"end_turn\"," +
            "\"usage\":{" + usage + "},\"metrics\":{\"latencyMs\":1}}");

        MessageStart = EventStreamFrame.Event("messageStart", "{\"role\":\"assistant\",\"p\":\"abcdefgh\"}");
        Delta = EventStreamFrame.Event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"" + Token + "\"},\"p\":\"abcdefghijkl\"}");
        BlockStop = EventStreamFrame.Event("contentBlockStop", "{\"contentBlockIndex\":0,\"p\":\"abcd\"}");
        MessageStop = EventStreamFrame.Event("messageStop", "{\"stopReason\":\"end_turn\",\"p\":\"abcdef\"}");
        var streamUsage = string.Create(CultureInfo.InvariantCulture, $"\"inputTokens\":12,\"outputTokens\":{chunks},\"totalTokens\":{chunks + 12}");
        Metadata = EventStreamFrame.Event("metadata", "{\"usage\":{" + streamUsage + "},\"metrics\":{\"latencyMs\":1},\"p\":\"abc\"}");

        const string head = "{\"id\":\"chatcmpl-mock\",\"object\":\"chat.completion\",\"created\":1700000000,\"model\":\"mock\",";
        OpenAiJson = Encoding.UTF8.GetBytes(
            head + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"" + text + "\"},\"finish_reason\":\"stop\"}]," +
            "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":" + tokens.ToString(CultureInfo.InvariantCulture) +
            ",\"total_tokens\":" + (tokens + 12).ToString(CultureInfo.InvariantCulture) + "}}");

        const string chunkHead = "data: {\"id\":\"chatcmpl-mock\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"mock\",";
        SseRole = Encoding.UTF8.GetBytes(chunkHead + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}\n\n");
        SseContent = Encoding.UTF8.GetBytes(chunkHead + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + Token + "\"},\"finish_reason\":null}]}\n\n");
        SseFinish = Encoding.UTF8.GetBytes(chunkHead + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n");
        SseUsage = Encoding.UTF8.GetBytes(chunkHead + "\"choices\":[],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":" +
            chunks.ToString(CultureInfo.InvariantCulture) + ",\"total_tokens\":" + (chunks + 12).ToString(CultureInfo.InvariantCulture) + "}}\n\n");
        SseDone = "data: [DONE]\n\n"u8.ToArray();
    }

    /// <summary>Bedrock Converse response body.</summary>
    public byte[] ConverseJson { get; }

    /// <summary>ConverseStream <c>messageStart</c> frame.</summary>
    public byte[] MessageStart { get; }

    /// <summary>ConverseStream <c>contentBlockDelta</c> frame carrying one token.</summary>
    public byte[] Delta { get; }

    /// <summary>ConverseStream <c>contentBlockStop</c> frame.</summary>
    public byte[] BlockStop { get; }

    /// <summary>ConverseStream <c>messageStop</c> frame.</summary>
    public byte[] MessageStop { get; }

    /// <summary>ConverseStream <c>metadata</c> frame with usage.</summary>
    public byte[] Metadata { get; }

    /// <summary>OpenAI chat completion body.</summary>
    public byte[] OpenAiJson { get; }

    /// <summary>First OpenAI SSE chunk (role, empty content), as OpenAI sends it.</summary>
    public byte[] SseRole { get; }

    /// <summary>OpenAI SSE chunk carrying one token.</summary>
    public byte[] SseContent { get; }

    /// <summary>OpenAI SSE chunk with <c>finish_reason</c>.</summary>
    public byte[] SseFinish { get; }

    /// <summary>OpenAI SSE usage chunk.</summary>
    public byte[] SseUsage { get; }

    /// <summary>The SSE terminator.</summary>
    public byte[] SseDone { get; }

    /// <summary>Returns the cached payloads for a shape.</summary>
    public static MockPayloads For(MockSettings settings) =>
        Cache.GetOrAdd((settings.Tokens, settings.Chunks), static key => new MockPayloads(key.Tokens, key.Chunks));
}
