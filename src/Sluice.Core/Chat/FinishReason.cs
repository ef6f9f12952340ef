namespace Sluice.Core.Chat;

/// <summary>Why the model stopped, in OpenAI's terms.</summary>
public enum FinishReason
{
    Stop,
    Length,
    ToolCalls,
    ContentFilter,
}
