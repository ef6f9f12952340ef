namespace Sluice.Bedrock.Emulator;

/// <summary>
/// What Bedrock's Claude models accept in the Anthropic body, by model ID: the <c>anthropic_beta</c> values (AWS's
/// Claude Messages API page; the same table as Sluice's catalogue) and whether <c>output_config</c> is known.
/// </summary>
internal static class AnthropicFacts
{
    public const string ContextManagement = "context-management-2025-06-27";
    public const string ToolSearch = "tool-search-tool-2025-10-19";
    public const string ToolExamples = "tool-examples-2025-10-29";
    public const string InterleavedThinking = "interleaved-thinking-2025-05-14";

    private static readonly (string IdPart, string[] Betas)[] Table =
    [
        ("claude-3-5-sonnet-20241022", ["computer-use-2024-10-22"]),
        ("claude-3-7-sonnet", ["computer-use-2025-01-24", "token-efficient-tools-2025-02-19", "output-128k-2025-02-19"]),
        ("claude-sonnet-4-20250514", ["computer-use-2025-01-24", "interleaved-thinking-2025-05-14", "dev-full-thinking-2025-05-14", "fine-grained-tool-streaming-2025-05-14", "context-1m-2025-08-07"]),
        ("claude-opus-4-20250514", ["computer-use-2025-01-24", "interleaved-thinking-2025-05-14", "dev-full-thinking-2025-05-14", "fine-grained-tool-streaming-2025-05-14"]),
        ("claude-opus-4-1", ["computer-use-2025-01-24", "interleaved-thinking-2025-05-14", "dev-full-thinking-2025-05-14", "fine-grained-tool-streaming-2025-05-14"]),
        ("claude-sonnet-4-5", ["computer-use-2025-01-24", "interleaved-thinking-2025-05-14", "fine-grained-tool-streaming-2025-05-14", "context-1m-2025-08-07", ContextManagement, ToolSearch]),
        ("claude-haiku-4-5", ["computer-use-2025-01-24", "interleaved-thinking-2025-05-14", "fine-grained-tool-streaming-2025-05-14", ContextManagement, ToolSearch]),
        ("claude-opus-4-5", ["computer-use-2025-11-24", "interleaved-thinking-2025-05-14", "fine-grained-tool-streaming-2025-05-14", ContextManagement, ToolSearch, "effort-2025-11-24", ToolExamples]),
        ("claude-opus-4-6", ["computer-use-2025-11-24", "interleaved-thinking-2025-05-14", "fine-grained-tool-streaming-2025-05-14", "context-1m-2025-08-07", ContextManagement, ToolSearch, "effort-2025-11-24", ToolExamples]),
        ("claude-sonnet-4-6", ["computer-use-2025-11-24", "interleaved-thinking-2025-05-14", "fine-grained-tool-streaming-2025-05-14", "context-1m-2025-08-07", ContextManagement, ToolSearch, "effort-2025-11-24", ToolExamples]),
    ];

    /// <summary>The tool types Bedrock's Claude takes besides custom tools (the tags its validation lists).</summary>
    public static readonly string[] ToolTypes =
    [
        "bash_20241022", "bash_20250124", "computer_20241022", "computer_20250124", "computer_20251124", "custom", "memory_20250818",
        "text_editor_20241022", "text_editor_20250124", "text_editor_20250429", "text_editor_20250728", "web_search_20250305",
    ];

    public static IReadOnlyCollection<string> BetasFor(string modelId)
    {
        foreach (var (part, betas) in Table)
        {
            if (modelId.Contains(part, StringComparison.Ordinal))
            {
                return betas;
            }
        }

        return [];
    }

    /// <summary>Structured outputs and effort (<c>output_config</c>) exist from the Claude 4.5 generation on.</summary>
    public static bool TakesOutputConfig(string modelId) =>
        modelId.Contains("-4-5", StringComparison.Ordinal) || modelId.Contains("-4-6", StringComparison.Ordinal)
        || modelId.Contains("-4-7", StringComparison.Ordinal) || modelId.Contains("-4-8", StringComparison.Ordinal)
        || modelId.Contains("claude-opus-5", StringComparison.Ordinal) || modelId.Contains("claude-sonnet-5", StringComparison.Ordinal);
}
