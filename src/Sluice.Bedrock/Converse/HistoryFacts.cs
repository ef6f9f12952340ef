using Sluice.Core.Chat;

namespace Sluice.Bedrock.Converse;

/// <summary>What the conversation history holds that decides whether Bedrock needs a toolConfig.</summary>
internal sealed class HistoryFacts
{
    /// <summary>True when a toolUse or toolResult block will be sent (Bedrock then requires toolConfig).</summary>
    public bool HasToolUse { get; private set; }

    /// <summary>Tool names called in the history, in order of first use, without duplicates.</summary>
    public List<string> ToolNames { get; } = [];

    public static HistoryFacts Collect(List<ChatMessage> messages)
    {
        var facts = new HistoryFacts();
        foreach (var m in messages)
        {
            if (m.Role == ChatRole.Tool)
            {
                facts.HasToolUse = true;
            }

            if (m.Role != ChatRole.Assistant || m.ToolCalls is null)
            {
                continue;
            }

            foreach (var call in m.ToolCalls)
            {
                facts.HasToolUse = true;
                if (!facts.ToolNames.Contains(call.Name))
                {
                    facts.ToolNames.Add(call.Name);
                }
            }
        }

        return facts;
    }
}
