using Sluice.Core.Chat;

namespace Sluice.Bedrock.Converse;

/// <summary>Maps Bedrock's stopReason to OpenAI's finish_reason.</summary>
public static class ConverseStopReason
{
    /// <summary>Unknown or malformed_* reasons map to <see cref="FinishReason.Stop"/>: the answer ended, nothing more is known.</summary>
    public static FinishReason ToFinishReason(ReadOnlySpan<byte> stopReason)
    {
        if (stopReason.SequenceEqual("max_tokens"u8) || stopReason.SequenceEqual("model_context_window_exceeded"u8))
        {
            return FinishReason.Length;
        }

        if (stopReason.SequenceEqual("tool_use"u8))
        {
            return FinishReason.ToolCalls;
        }

        if (stopReason.SequenceEqual("guardrail_intervened"u8) || stopReason.SequenceEqual("content_filtered"u8))
        {
            return FinishReason.ContentFilter;
        }

        return FinishReason.Stop;
    }
}
