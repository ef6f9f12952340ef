using System.Text.Json.Nodes;
using Sluice.Bedrock.Catalogue;
using Sluice.Core.Errors;

namespace Sluice.Bedrock.Messages;

/// <summary>
/// Which tool definitions Bedrock can take. Client tools (no <c>type</c>, or <c>custom</c>) always pass; the tools
/// Claude drives but the client executes (computer, bash, text editor, memory) pass; tool search passes where the
/// model has the Bedrock tool-search beta. Server tools that Anthropic runs itself (web search, web fetch, code
/// execution, MCP...) are refused: Bedrock would either reject them or leave the model waiting for results nobody sends.
/// </summary>
internal static class MessagesToolRules
{
    private static readonly string[] ClientExecuted = ["bash_", "text_editor_", "memory_"];

    /// <summary>Throws a 400 for a tool Bedrock does not run; returns true when the tools need the tool-search beta.</summary>
    public static bool Check(JsonNode? tools, BedrockMessagesSupport support, string modelId)
    {
        if (tools is not JsonArray array)
        {
            return false;
        }

        var needsToolSearch = false;
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is not JsonObject tool)
            {
                continue;
            }

            if (tool["defer_loading"] is not null)
            {
                needsToolSearch = true;
            }

            var type = tool["type"] is JsonValue t && t.TryGetValue<string>(out var s) ? s : null;
            if (type is null or "custom" || StartsWithAny(type, ClientExecuted))
            {
                continue;
            }

            if (type.StartsWith("computer_", StringComparison.Ordinal) && HasComputerUse(support))
            {
                continue;
            }

            if (type.StartsWith("tool_search_tool_", StringComparison.Ordinal) && support.Accepts(MessagesBetaFilter.ToolSearch))
            {
                needsToolSearch = true;
                continue;
            }

            var name = tool["name"] is JsonValue n && n.TryGetValue<string>(out var nameText) ? nameText : type;
            throw new GatewayException(GatewayError.InvalidRequest(
                $"tools.{i}: the tool '{name}' (type {type}) is a server tool that Bedrock does not run for {modelId}. "
                + "Remove it from tools, or define it as a client tool (with input_schema) and run it yourself.", "tools", "unsupported_tool"));
        }

        return needsToolSearch;
    }

    private static bool HasComputerUse(BedrockMessagesSupport support)
    {
        foreach (var beta in support.Betas)
        {
            if (beta.StartsWith("computer-use-", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static bool StartsWithAny(string value, string[] prefixes)
    {
        foreach (var p in prefixes)
        {
            if (value.StartsWith(p, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
