namespace Sluice.OpenAI.Sse;

/// <summary>One server-sent event: its <c>event:</c> name (null when none) and its <c>data:</c> lines joined by newlines.</summary>
/// <remarks><see cref="Data"/> is only valid until the reader moves on.</remarks>
public readonly record struct SseEvent(string? Name, ReadOnlyMemory<byte> Data)
{
    /// <summary>True for OpenAI's end marker, <c>data: [DONE]</c>.</summary>
    public bool IsDone => Data.Span.SequenceEqual("[DONE]"u8);
}
