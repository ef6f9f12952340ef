using Sluice.Core.Chat;

namespace Sluice.Bedrock.Converse;

/// <summary>Per-stream state of <see cref="ConverseStreamTranslator"/>: one instance per ConverseStream response.</summary>
public sealed class ConverseStreamState
{
    // Bedrock numbers content blocks across text, reasoning and tools; OpenAI numbers tool calls only.
    // Entry i is the content block index of OpenAI tool call i.
    private int[] _blockIndexes = new int[4];

    /// <summary>How many tool calls have started.</summary>
    public int ToolCallCount { get; private set; }

    /// <summary>The finish reason, once messageStop has arrived.</summary>
    public FinishReason? FinishReason { get; internal set; }

    /// <summary>True once the metadata event with usage has arrived.</summary>
    public bool UsageReported { get; internal set; }

    /// <summary>True when the stream ended as Bedrock ends a complete answer.</summary>
    public bool IsComplete => FinishReason is not null;

    internal int StartTool(int contentBlockIndex)
    {
        if (ToolCallCount == _blockIndexes.Length)
        {
            Array.Resize(ref _blockIndexes, ToolCallCount * 2);
        }

        _blockIndexes[ToolCallCount] = contentBlockIndex;
        return ToolCallCount++;
    }

    /// <summary>The OpenAI tool index of a content block, or -1 when no tool call started on that block.</summary>
    internal int ToolIndexOf(int contentBlockIndex)
    {
        // Latest first: a turn has few tool calls, and deltas follow their start closely.
        for (var i = ToolCallCount - 1; i >= 0; i--)
        {
            if (_blockIndexes[i] == contentBlockIndex)
            {
                return i;
            }
        }

        return -1;
    }
}
