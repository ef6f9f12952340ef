using System.Text.Json.Nodes;

namespace Sluice.Gateway.Admin;

/// <summary>The <c>type</c> and <c>name</c> of one document of a request, as far as they could be read, to label its problems.</summary>
public sealed record DocumentLabel(string? Type, string? Name)
{
    /// <summary>The label of a document that could not be read: its raw <c>type</c> and <c>name</c>, when they are strings.</summary>
    public static DocumentLabel Of(JsonNode? node) => new(Text(node, "type"), Text(node, "name"));

    private static string? Text(JsonNode? node, string key) =>
        node is JsonObject o && o[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
