using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sluice.Anthropic.Translation;

/// <summary>Typed reads of a caller's JSON that fail with a 400 naming the field path.</summary>
internal static class JsonFields
{
    public static JsonObject Object(JsonNode? node, string param) =>
        node as JsonObject ?? throw TranslationErrors.Type(param, "an object");

    public static JsonArray Array(JsonNode? node, string param) =>
        node as JsonArray ?? throw TranslationErrors.Type(param, "an array");

    public static string String(JsonNode? node, string param) =>
        node is JsonValue v && v.TryGetValue<string>(out var s) ? s : throw TranslationErrors.Type(param, "a string");

    public static string? OptionalString(JsonNode? node, string param) => node is null ? null : String(node, param);

    public static string RequiredString(JsonObject obj, string key, string param) =>
        obj.TryGetPropertyValue(key, out var node) && node is not null ? String(node, $"{param}.{key}") : throw TranslationErrors.Required($"{param}.{key}");

    public static bool? OptionalBool(JsonNode? node, string param)
    {
        if (node is null) return null;
        return node.GetValueKind() switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw TranslationErrors.Type(param, "true or false"),
        };
    }

    public static double? OptionalNumber(JsonNode? node, string param)
    {
        if (node is null) return null;
        return node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<double>(out var d)
            ? d
            : throw TranslationErrors.Type(param, "a number");
    }

    public static int? OptionalInt(JsonNode? node, string param)
    {
        if (OptionalNumber(node, param) is not { } d) return null;
        if (d != Math.Floor(d) || d < int.MinValue || d > int.MaxValue) throw TranslationErrors.Type(param, "an integer");
        return (int)d;
    }

    /// <summary>The node as a standalone <see cref="JsonElement"/> (tool schemas travel as elements in Core).</summary>
    public static JsonElement Element(JsonNode node)
    {
        using var doc = JsonDocument.Parse(node.ToJsonString());
        return doc.RootElement.Clone();
    }
}
