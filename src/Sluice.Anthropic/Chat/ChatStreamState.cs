using Sluice.Anthropic.Messages;
using Sluice.Core.Messages;

namespace Sluice.Anthropic.Chat;

/// <summary>What translating one Anthropic stream into chat updates remembers between events.</summary>
internal sealed class ChatStreamState
{
    /// <summary>For each content block index, the OpenAI tool index of its tool_use; -1 for other blocks.</summary>
    public List<int> ToolIndexOfBlock { get; } = [];

    public int ToolCount { get; set; }

    public MessagesUsageCounts Usage { get; set; }

    public bool SawUsage { get; set; }

    public bool IsComplete { get; set; }

    public int ToolIndex(int block) => block >= 0 && block < ToolIndexOfBlock.Count ? ToolIndexOfBlock[block] : -1;

    public void SetBlock(int block, int toolIndex)
    {
        while (ToolIndexOfBlock.Count <= block) ToolIndexOfBlock.Add(-1);
        ToolIndexOfBlock[block] = toolIndex;
    }
}
