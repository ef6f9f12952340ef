using System.Text.Json.Nodes;
using Sluice.Core.Messages;

namespace Sluice.Bedrock.Tests.Messages;

/// <summary>Anthropic Messages requests as Claude Code and the SDKs send them.</summary>
internal static class MessagesBodies
{
    public static MessagesRequest Request(string json, params string[] betas) =>
        new((JsonObject)JsonNode.Parse(json)!, betas, "2023-06-01");

    public static MessagesRequest UserText(string text, string? extra = null) => Request(
        $$"""{"model":"claude-sonnet-4-5","max_tokens":200,"messages":[{"role":"user","content":"{{text}}"}]{{(extra is null ? "" : "," + extra)}}}""");

    public static JsonObject Json(ReadOnlyMemory<byte> body) => (JsonObject)JsonNode.Parse(body.Span)!;

    public static JsonObject Json(string body) => (JsonObject)JsonNode.Parse(body)!;
}
