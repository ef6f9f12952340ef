using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Sluice.Bedrock.Emulator;

/// <summary>Builds JSON that satisfies a JSON Schema: tool inputs from "k=v" arguments, structured outputs from an echo.</summary>
internal static class ToolInputBuilder
{
    public static string Build(JsonElement schema, string args)
    {
        var given = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in args.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0) given[pair[..eq]] = pair[(eq + 1)..];
        }

        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            var props = schema.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object ? p : default;
            foreach (var (key, value) in given)
            {
                var type = props.ValueKind == JsonValueKind.Object && props.TryGetProperty(key, out var ps) && ps.TryGetProperty("type", out var t) ? t.GetString() : "string";
                w.WritePropertyName(key);
                WriteTyped(w, type, value);
            }

            foreach (var name in Required(schema))
            {
                if (given.ContainsKey(name)) continue;
                w.WritePropertyName(name);
                WriteDefault(w, props.ValueKind == JsonValueKind.Object && props.TryGetProperty(name, out var ps) ? ps : default, "test");
            }

            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static string BuildFromSchema(JsonElement schema, string echo)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            WriteDefault(w, schema, echo);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static List<string> Required(JsonElement schema)
    {
        var list = new List<string>();
        if (schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("required", out var r) && r.ValueKind == JsonValueKind.Array)
        {
            foreach (var n in r.EnumerateArray())
            {
                if (n.GetString() is { } s) list.Add(s);
            }
        }

        return list;
    }

    private static void WriteTyped(Utf8JsonWriter w, string? type, string value)
    {
        switch (type)
        {
            case "number" when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d):
                w.WriteNumberValue(d);
                break;
            case "integer" when long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l):
                w.WriteNumberValue(l);
                break;
            case "boolean" when bool.TryParse(value, out var b):
                w.WriteBooleanValue(b);
                break;
            default:
                w.WriteStringValue(value);
                break;
        }
    }

    private static void WriteDefault(Utf8JsonWriter w, JsonElement schema, string echo)
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            w.WriteStringValue(echo);
            return;
        }

        if (schema.TryGetProperty("enum", out var e) && e.ValueKind == JsonValueKind.Array && e.GetArrayLength() > 0)
        {
            e[0].WriteTo(w);
            return;
        }

        var type = schema.TryGetProperty("type", out var t) ? (t.ValueKind == JsonValueKind.Array ? t[0].GetString() : t.GetString()) : null;
        if (type is null && schema.TryGetProperty("properties", out _))
        {
            type = "object";
        }

        switch (type)
        {
            case "number":
            case "integer":
                w.WriteNumberValue(1);
                break;
            case "boolean":
                w.WriteBooleanValue(true);
                break;
            case "array":
                w.WriteStartArray();
                if (schema.TryGetProperty("minItems", out var min) && min.TryGetInt32(out var n) && n > 0)
                {
                    var items = schema.TryGetProperty("items", out var it) ? it : default;
                    for (var i = 0; i < n; i++) WriteDefault(w, items, echo);
                }

                w.WriteEndArray();
                break;
            case "object":
                w.WriteStartObject();
                var props = schema.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object ? p : default;
                foreach (var name in Required(schema))
                {
                    w.WritePropertyName(name);
                    WriteDefault(w, props.ValueKind == JsonValueKind.Object && props.TryGetProperty(name, out var ps) ? ps : default, echo);
                }

                w.WriteEndObject();
                break;
            case "null":
                w.WriteNullValue();
                break;
            default:
                w.WriteStringValue(echo);
                break;
        }
    }
}
