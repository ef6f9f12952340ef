using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Sluice.Gateway.Manifests;

/// <summary>Writes rate-limit and budget documents with the manifest's snake_case keys (nulls left out).</summary>
public static class LimitWriter
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
    };

    /// <summary>True when <paramref name="document"/> is a limit or budget; its keys (after name and type) were written.</summary>
    public static bool TryWriteBody(Utf8JsonWriter writer, ManifestDocument document)
    {
        if (document is not (RateLimitingConfigDocument or BudgetConfigDocument or RateLimitDocument or BudgetDocument)) return false;
        var node = JsonSerializer.SerializeToNode(document, document.GetType(), Options)!.AsObject();
        foreach (var (key, value) in node)
        {
            if (key is "name" or "type") continue;
            writer.WritePropertyName(key);
            if (value is null) writer.WriteNullValue(); else value.WriteTo(writer);
        }

        return true;
    }
}
