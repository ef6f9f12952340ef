namespace Sluice.Anthropic.Emulator;

/// <summary>What the emulated model answers, with the usage Anthropic would report for it.</summary>
internal sealed record Answer(
    IReadOnlyList<AnswerBlock> Blocks,
    string StopReason,
    string? StopSequence,
    int InputTokens,
    int OutputTokens,
    int CacheCreation,
    int CacheCreation1h,
    int CacheRead);
