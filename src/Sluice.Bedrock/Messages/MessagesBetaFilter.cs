using System.Text.Json.Nodes;
using Sluice.Bedrock.Catalogue;

namespace Sluice.Bedrock.Messages;

/// <summary>
/// Keeps the <c>anthropic-beta</c> values (header and body) that Bedrock accepts for the model. Bedrock answers 400
/// "invalid beta flag" to the whole request for any other, so the rest are dropped and reported instead.
/// </summary>
internal static class MessagesBetaFilter
{
    public const string ContextManagement = "context-management-2025-06-27";
    public const string ToolSearch = "tool-search-tool-2025-10-19";

    /// <summary>
    /// Anthropic's name for a beta whose Bedrock counterpart has another name: tool search is
    /// <c>advanced-tool-use-2025-11-20</c> on Anthropic's API and <c>tool-search-tool-2025-10-19</c> on Bedrock.
    /// </summary>
    private static readonly Dictionary<string, string> BedrockNames = new(StringComparer.Ordinal)
    {
        ["advanced-tool-use-2025-11-20"] = ToolSearch,
    };

    /// <summary>Splits the caller's betas (header values first, then the body's <c>anthropic_beta</c>) into accepted and dropped, each once, in order.</summary>
    public static void Filter(IReadOnlyList<string> headerBetas, JsonNode? bodyBetas, BedrockMessagesSupport support, List<string> accepted, List<string> dropped)
    {
        foreach (var beta in headerBetas)
        {
            Add(beta, support, accepted, dropped);
        }

        switch (bodyBetas)
        {
            case JsonArray array:
                foreach (var item in array)
                {
                    if (item is JsonValue v && v.TryGetValue<string>(out var s))
                    {
                        Add(s, support, accepted, dropped);
                    }
                }

                break;
            case JsonValue value when value.TryGetValue<string>(out var one):
                foreach (var part in one.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                {
                    Add(part, support, accepted, dropped);
                }

                break;
        }
    }

    private static void Add(string beta, BedrockMessagesSupport support, List<string> accepted, List<string> dropped)
    {
        beta = beta.Trim();
        if (beta.Length == 0)
        {
            return;
        }

        var name = BedrockNames.TryGetValue(beta, out var mapped) && support.Accepts(mapped) ? mapped : beta;
        if (support.Accepts(name))
        {
            if (!accepted.Contains(name))
            {
                accepted.Add(name);
            }
        }
        else if (!dropped.Contains(beta))
        {
            dropped.Add(beta);
        }
    }
}
