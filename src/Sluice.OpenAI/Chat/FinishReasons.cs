using Sluice.Core.Chat;

namespace Sluice.OpenAI.Chat;

/// <summary>OpenAI's <c>finish_reason</c> values in Core's terms.</summary>
internal static class FinishReasons
{
    public static FinishReason? Parse(string? value) => value switch
    {
        null => null,
        "length" => FinishReason.Length,
        "tool_calls" or "function_call" => FinishReason.ToolCalls,
        "content_filter" => FinishReason.ContentFilter,
        _ => FinishReason.Stop,
    };
}
