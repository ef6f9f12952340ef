using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sluice.Bedrock.Catalogue;
using Sluice.Core.Messages;

namespace Sluice.Bedrock.Messages;

/// <summary>
/// Writes the InvokeModel body for a caller's Anthropic Messages request: the caller's body in its own order, minus
/// <c>model</c> and <c>stream</c>, plus <c>anthropic_version</c> and the accepted <c>anthropic_beta</c>, with what
/// Bedrock refuses from Claude Code removed (the billing-header system block, fields whose beta the model lacks).
/// Everything else (thinking blocks and signatures, cache_control TTLs, documents, tool_choice, output_config...) is
/// copied unchanged: Bedrock's Claude takes Anthropic's body, and any rewrite risks the "thinking blocks altered" 400.
/// </summary>
internal static class MessagesRequestWriter
{
    public const string BedrockAnthropicVersion = "bedrock-2023-05-31";

    /// <summary>The first system text block Claude Code sends; Bedrock refuses it as a reserved keyword.</summary>
    public const string BillingHeaderPrefix = "x-anthropic-billing-header:";

    private static readonly JsonWriterOptions WriterOptions = new() { Indented = false, SkipValidation = true };

    /// <summary>
    /// Writes the body to <paramref name="output"/>. With <paramref name="forCount"/> a missing <c>max_tokens</c> is
    /// filled in (count_tokens requests carry none, but InvokeModel bodies need it).
    /// </summary>
    public static MessagesAdjustments ToInvokeModelBody(MessagesRequest request, BedrockMessagesSupport support, string modelId, IBufferWriter<byte> output, bool forCount = false)
    {
        var body = request.Body;
        var needsToolSearch = MessagesToolRules.Check(body["tools"], support, modelId);
        var accepted = new List<string>();
        var droppedBetas = new List<string>();
        MessagesBetaFilter.Filter(request.Betas, body["anthropic_beta"], support, accepted, droppedBetas);
        var droppedFields = new List<string>();

        // A field that only a beta allows is kept when the model has that beta on Bedrock (the beta is then sent even
        // if the caller forgot it), and removed otherwise, so the request succeeds the first time either way.
        var keepContextManagement = body["context_management"] is null || Require(MessagesBetaFilter.ContextManagement, support, accepted);
        var keepDeferLoading = !needsToolSearch || Require(MessagesBetaFilter.ToolSearch, support, accepted);

        using var writer = new Utf8JsonWriter(output, WriterOptions);
        writer.WriteStartObject();
        writer.WriteString("anthropic_version", BedrockAnthropicVersion);
        if (accepted.Count > 0)
        {
            writer.WriteStartArray("anthropic_beta");
            foreach (var beta in accepted)
            {
                writer.WriteStringValue(beta);
            }

            writer.WriteEndArray();
        }

        var sawMaxTokens = false;
        foreach (var (name, value) in body)
        {
            switch (name)
            {
                case "model" or "stream" or "anthropic_version" or "anthropic_beta":
                    continue;
                case "context_management" when !keepContextManagement:
                    droppedFields.Add("context_management");
                    continue;
                case "system" when value is JsonArray { Count: 1 } only && IsBillingHeader(only[0]):
                    // The billing block alone: an empty system array is no better than none.
                    droppedFields.Add("system[0]");
                    continue;
                case "system":
                    writer.WritePropertyName(name);
                    WriteSystem(writer, value, droppedFields);
                    continue;
                case "tools" when !keepDeferLoading:
                    writer.WritePropertyName(name);
                    WriteToolsWithoutDeferLoading(writer, (JsonArray)value!, droppedFields);
                    continue;
                case "max_tokens":
                    sawMaxTokens = true;
                    break;
            }

            writer.WritePropertyName(name);
            WriteValue(writer, value);
        }

        if (forCount && !sawMaxTokens)
        {
            writer.WriteNumber("max_tokens", BudgetTokens(body["thinking"]) + 1);
        }

        writer.WriteEndObject();
        writer.Flush();
        return droppedBetas.Count == 0 && droppedFields.Count == 0 ? MessagesAdjustments.None : new MessagesAdjustments(droppedBetas, droppedFields);
    }

    private static bool Require(string beta, BedrockMessagesSupport support, List<string> accepted)
    {
        if (!support.Accepts(beta))
        {
            return false;
        }

        if (!accepted.Contains(beta))
        {
            accepted.Add(beta);
        }

        return true;
    }

    private static void WriteSystem(Utf8JsonWriter writer, JsonNode? system, List<string> droppedFields)
    {
        if (system is not JsonArray blocks || blocks.Count == 0 || !IsBillingHeader(blocks[0]))
        {
            WriteValue(writer, system);
            return;
        }

        droppedFields.Add("system[0]");
        writer.WriteStartArray();
        for (var i = 1; i < blocks.Count; i++)
        {
            WriteValue(writer, blocks[i]);
        }

        writer.WriteEndArray();
    }

    private static bool IsBillingHeader(JsonNode? block) =>
        block is JsonObject o
        && o["type"] is JsonValue type && type.TryGetValue<string>(out var t) && t == "text"
        && o["text"] is JsonValue text && text.TryGetValue<string>(out var s)
        && s.TrimStart().StartsWith(BillingHeaderPrefix, StringComparison.OrdinalIgnoreCase);

    private static void WriteToolsWithoutDeferLoading(Utf8JsonWriter writer, JsonArray tools, List<string> droppedFields)
    {
        writer.WriteStartArray();
        for (var i = 0; i < tools.Count; i++)
        {
            if (tools[i] is not JsonObject tool || !tool.ContainsKey("defer_loading"))
            {
                WriteValue(writer, tools[i]);
                continue;
            }

            droppedFields.Add($"tools.{i}.defer_loading");
            writer.WriteStartObject();
            foreach (var (name, value) in tool)
            {
                if (name != "defer_loading")
                {
                    writer.WritePropertyName(name);
                    WriteValue(writer, value);
                }
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteValue(Utf8JsonWriter writer, JsonNode? value)
    {
        if (value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            value.WriteTo(writer);
        }
    }

    private static int BudgetTokens(JsonNode? thinking) =>
        thinking is JsonObject o && o["budget_tokens"] is JsonValue v && v.TryGetValue<int>(out var budget) && budget > 0 ? budget : 0;
}
