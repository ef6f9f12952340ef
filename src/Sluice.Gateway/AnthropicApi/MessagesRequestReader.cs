using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Sluice.Core.Errors;
using Sluice.Core.Messages;
using Sluice.Gateway.Pipeline;

namespace Sluice.Gateway.AnthropicApi;

/// <summary>
/// Reads a <c>/v1/messages</c> body and checks its shape as far as the gateway needs and Anthropic would refuse, so
/// a malformed request gets a 400 naming the field (<c>messages.1.content.0.type: …</c>, Anthropic's path style)
/// instead of an upstream error. The body itself goes to the provider unchanged.
/// </summary>
internal static class MessagesRequestReader
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = RequestJson.MaxDepth };

    /// <param name="countTokens">count_tokens takes no <c>max_tokens</c>.</param>
    public static MessagesRequest Read(ReadOnlySpan<byte> body, IHeaderDictionary headers, bool countTokens)
    {
        var json = RequestJson.Check(body);
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json, documentOptions: DocumentOptions);
        }
        catch (JsonException e)
        {
            throw RequestJson.Malformed(e, json);
        }

        if (node is not JsonObject root) throw Invalid("", "the request body must be a JSON object");
        try
        {
            return Check(root, headers, countTokens);
        }
        catch (ArgumentException)
        {
            // JsonObject refuses a name twice in one object when it is first read.
            throw Invalid("", "the request body names a property twice in one object; send each property once");
        }
    }

    private static MessagesRequest Check(JsonObject root, IHeaderDictionary headers, bool countTokens)
    {
        var model = RequireString(root, "model");
        if (model.Length == 0) throw Invalid("model", "must not be empty");
        if (!countTokens)
        {
            var maxTokens = Require(root, "max_tokens");
            if (!IsInteger(maxTokens, out var value) || value < 1) throw Invalid("max_tokens", "must be an integer of at least 1");
        }

        CheckMessages(Require(root, "messages"));
        if (root["system"] is { } system) CheckSystem(system);
        OptionalKind(root, "stream", "a boolean", JsonValueKind.True, JsonValueKind.False);
        OptionalKind(root, "temperature", "a number", JsonValueKind.Number);
        OptionalKind(root, "top_p", "a number", JsonValueKind.Number);
        if (root["top_k"] is { } topK && !IsInteger(topK, out _)) throw Invalid("top_k", "must be an integer");
        OptionalKind(root, "metadata", "an object", JsonValueKind.Object);
        OptionalKind(root, "tool_choice", "an object", JsonValueKind.Object);
        OptionalKind(root, "thinking", "an object", JsonValueKind.Object);
        if (root["stop_sequences"] is { } stops) CheckArrayOf(stops, "stop_sequences", JsonValueKind.String, "a string");
        if (root["tools"] is { } tools) CheckArrayOf(tools, "tools", JsonValueKind.Object, "an object");
        return new MessagesRequest(root, AnthropicHeaders.Betas(headers), AnthropicHeaders.AnthropicVersion(headers));
    }

    /// <summary>The caller's model name (checked to be a string by <see cref="Read"/>).</summary>
    public static string Model(MessagesRequest request) => request.Body["model"]!.GetValue<string>();

    public static bool IsStream(MessagesRequest request) => request.Body["stream"]?.GetValueKind() == JsonValueKind.True;

    /// <summary>Anthropic's <c>metadata.user_id</c>, the end user a usage record names.</summary>
    public static string? EndUser(MessagesRequest request) =>
        request.Body["metadata"] is JsonObject metadata && metadata["user_id"] is JsonValue id && id.GetValueKind() == JsonValueKind.String
            ? id.GetValue<string>()
            : null;

    private static void CheckMessages(JsonNode messages)
    {
        if (messages is not JsonArray list) throw Invalid("messages", "must be an array of messages");
        if (list.Count == 0) throw Invalid("messages", "at least one message is required");
        for (var i = 0; i < list.Count; i++)
        {
            var path = "messages." + i;
            if (list[i] is not JsonObject message) throw Invalid(path, "must be an object with 'role' and 'content'");
            var role = RequireString(message, "role", path + ".");
            // Anthropic's API takes system messages among the others too (Claude Code sends them to models it does not know).
            if (role is not ("user" or "assistant" or "system")) throw Invalid(path + ".role", $"must be 'user', 'assistant' or 'system', not '{CallerText.Quote(role, 40)}'");
            CheckContent(Require(message, "content", path + "."), path + ".content");
        }
    }

    private static void CheckSystem(JsonNode system)
    {
        if (system.GetValueKind() == JsonValueKind.String) return;
        if (system is not JsonArray) throw Invalid("system", "must be a string or an array of text blocks");
        CheckContent(system, "system");
    }

    private static void CheckContent(JsonNode content, string path)
    {
        if (content.GetValueKind() == JsonValueKind.String) return;
        if (content is not JsonArray blocks) throw Invalid(path, "must be a string or an array of content blocks");
        for (var j = 0; j < blocks.Count; j++)
        {
            var blockPath = path + "." + j;
            if (blocks[j] is not JsonObject block) throw Invalid(blockPath, "must be an object with a 'type'");
            RequireString(block, "type", blockPath + ".");
        }
    }

    private static void CheckArrayOf(JsonNode node, string path, JsonValueKind kind, string what)
    {
        if (node is not JsonArray items) throw Invalid(path, "must be an array");
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i]?.GetValueKind() != kind) throw Invalid(path + "." + i, "must be " + what);
        }
    }

    private static JsonNode Require(JsonObject parent, string name, string prefix = "") =>
        parent[name] ?? throw Invalid(prefix + name, "Field required");

    private static string RequireString(JsonObject parent, string name, string prefix = "")
    {
        var node = Require(parent, name, prefix);
        return node.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : throw Invalid(prefix + name, "must be a string");
    }

    private static void OptionalKind(JsonObject root, string name, string what, JsonValueKind kind, JsonValueKind other = JsonValueKind.Undefined)
    {
        if (root[name] is not { } node) return;
        var actual = node.GetValueKind();
        if (actual != kind && actual != other) throw Invalid(name, "must be " + what);
    }

    private static bool IsInteger(JsonNode node, out long value)
    {
        value = 0;
        return node.GetValueKind() == JsonValueKind.Number && node is JsonValue v && v.TryGetValue(out value);
    }

    private static GatewayException Invalid(string path, string problem) =>
        new(GatewayError.InvalidRequest(path.Length == 0 ? char.ToUpperInvariant(problem[0]) + problem[1..] + "." : $"{path}: {problem}.",
            path.Length == 0 ? null : path, "invalid_request"));
}
