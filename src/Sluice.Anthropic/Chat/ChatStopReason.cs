using Sluice.Core.Chat;

namespace Sluice.Anthropic.Chat;

/// <summary>Anthropic's <c>stop_reason</c> in OpenAI's terms.</summary>
internal static class ChatStopReason
{
    public static FinishReason ToFinishReason(string? stopReason) => stopReason switch
    {
        "max_tokens" or "model_context_window_exceeded" => FinishReason.Length,
        "tool_use" => FinishReason.ToolCalls,
        "refusal" => FinishReason.ContentFilter,
        _ => FinishReason.Stop, // end_turn, stop_sequence, pause_turn
    };
}
