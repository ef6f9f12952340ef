using System.Text.Json;

namespace Sluice.Bedrock.Emulator;

internal enum BlockKind
{
    Text,
    Image,
    Document,
    Media,
    ToolUse,
    ToolResult,
    Reasoning,
    CachePoint,
    GuardContent,
    Other,
}

/// <summary>One content block, reduced to what the deterministic model and the validators need.</summary>
internal sealed class Block
{
    public BlockKind Kind { get; init; }

    public string Text { get; set; } = "";

    public string? Format { get; init; }

    public int Width { get; init; }

    public int Height { get; init; }

    public string? ToolUseId { get; init; }

    public string? ToolName { get; init; }

    /// <summary>toolUse input as raw JSON.</summary>
    public string? InputJson { get; init; }

    public string? Signature { get; init; }

    public bool Redacted { get; init; }

    public string? Status { get; init; }

    /// <summary>A cachePoint's <c>ttl</c> (5m, 1h); null when it sent none.</summary>
    public string? Ttl { get; init; }
}

internal sealed record Turn(string Role, List<Block> Blocks);

internal sealed record ToolDef(string Name, string? Description, JsonElement Schema);

internal enum ToolChoiceKind
{
    Auto,
    Any,
    Tool,
    None,
}

/// <summary>A parsed chat request (Converse or Anthropic Messages).</summary>
internal sealed class Conversation
{
    public List<Turn> Messages { get; } = [];

    public List<Block> System { get; } = [];

    public int? MaxTokens { get; set; }

    public double? Temperature { get; set; }

    public List<string> StopSequences { get; } = [];

    /// <summary>Null when no toolConfig was sent.</summary>
    public List<ToolDef>? Tools { get; set; }

    /// <summary>cachePoint blocks in toolConfig.tools, each as the number of tools before it.</summary>
    public List<(int ToolsBefore, string? Ttl)> ToolCachePoints { get; } = [];

    public ToolChoiceKind ToolChoice { get; set; }

    public string? ToolChoiceName { get; set; }

    /// <summary>Anthropic's <c>tool_choice.disable_parallel_tool_use</c>: at most one tool call in the answer.</summary>
    public bool SingleToolUse { get; set; }

    public bool ThinkingEnabled { get; set; }

    public JsonElement? ResponseSchema { get; set; }
}

/// <summary>The deterministic model's answer.</summary>
internal sealed class Reply
{
    public string? ReasoningText { get; set; }

    public string? ReasoningSignature { get; set; }

    public string? Text { get; set; }

    public List<ToolCall> ToolCalls { get; } = [];

    public string StopReason { get; set; } = "end_turn";

    public string? StopSequence { get; set; }

    public int InputTokens { get; set; }

    public int OutputTokens { get; set; }

    public int CacheReadInputTokens { get; set; }

    public int CacheWriteInputTokens { get; set; }

    public bool UsedCache { get; set; }

    /// <summary>The TTL the cache writes were made with (5m or 1h), for usage.cacheDetails.</summary>
    public string CacheWriteTtl { get; set; } = "5m";
}

internal sealed record ToolCall(string Id, string Name, string InputJson);
