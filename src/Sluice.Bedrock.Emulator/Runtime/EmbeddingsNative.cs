using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Sluice.Bedrock.Emulator;

/// <summary>Titan Text Embeddings v2 and Cohere Embed v3 bodies; vectors are hash-seeded and deterministic.</summary>
internal static class EmbeddingsNative
{
    public static (byte[] Body, int InputTokens) Titan(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object) throw RequestRejected.Malformed("#: expected type: JSONObject");
        foreach (var p in root.EnumerateObject())
        {
            if (p.Name is not ("inputText" or "dimensions" or "normalize" or "embeddingTypes"))
                throw RequestRejected.Malformed($"#: extraneous key [{p.Name}] is not permitted");
        }

        if (!root.TryGetProperty("inputText", out var textEl)) throw RequestRejected.Malformed("#: required key [inputText] not found");
        var text = textEl.GetString() ?? "";
        if (text.Length == 0) throw RequestRejected.Malformed("#/inputText: expected minLength: 1, actual: 0");
        if (text.Length > 50000) throw RequestRejected.Malformed($"#/inputText: expected maxLength: 50000, actual: {text.Length}");
        var dims = 1024;
        if (root.TryGetProperty("dimensions", out var d))
        {
            if (!d.TryGetInt32(out dims) || dims is not (256 or 512 or 1024))
                throw RequestRejected.Malformed($"#/dimensions: {d.GetRawText()} is not a valid enum value");
        }

        var normalize = !root.TryGetProperty("normalize", out var n) || n.ValueKind != JsonValueKind.False;
        var types = new List<string>();
        if (root.TryGetProperty("embeddingTypes", out var et))
        {
            foreach (var t in et.EnumerateArray())
            {
                var s = t.GetString() ?? "";
                if (s is not ("float" or "binary")) throw RequestRejected.Malformed($"#/embeddingTypes: {s} is not a valid enum value");
                types.Add(s);
            }
        }

        var vector = Vector(text, dims, normalize);
        var tokens = DeterministicModel.Words(text);
        var body = JsonBytes.Write(w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("embedding");
            foreach (var v in vector) w.WriteNumberValue(v);
            w.WriteEndArray();
            w.WriteStartObject("embeddingsByType");
            if (types.Count == 0 || types.Contains("float"))
            {
                w.WriteStartArray("float");
                foreach (var v in vector) w.WriteNumberValue(v);
                w.WriteEndArray();
            }

            if (types.Contains("binary"))
            {
                w.WriteStartArray("binary");
                foreach (var v in vector) w.WriteNumberValue(v > 0 ? 1 : 0);
                w.WriteEndArray();
            }

            w.WriteEndObject();
            w.WriteNumber("inputTextTokenCount", tokens);
            w.WriteEndObject();
        });
        return (body, tokens);
    }

    public static (byte[] Body, int InputTokens) Cohere(JsonElement root, string requestId)
    {
        if (root.ValueKind != JsonValueKind.Object) throw RequestRejected.Malformed("#: expected type: JSONObject");
        foreach (var p in root.EnumerateObject())
        {
            if (p.Name is not ("texts" or "input_type" or "truncate" or "embedding_types" or "images"))
                throw RequestRejected.Malformed($"#: extraneous key [{p.Name}] is not permitted");
        }

        if (!root.TryGetProperty("input_type", out var it)) throw RequestRejected.Malformed("#: required key [input_type] not found");
        var inputType = it.GetString();
        if (inputType is not ("search_document" or "search_query" or "classification" or "clustering" or "image"))
            throw RequestRejected.Malformed($"#/input_type: {inputType} is not a valid enum value");
        if (!root.TryGetProperty("texts", out var textsEl) || textsEl.ValueKind != JsonValueKind.Array) throw RequestRejected.Malformed("#: required key [texts] not found");
        var texts = new List<string>();
        foreach (var t in textsEl.EnumerateArray()) texts.Add(t.GetString() ?? "");
        if (texts.Count is 0 or > 96) throw RequestRejected.Malformed($"#/texts: expected minimum item count: 1, maximum: 96, found: {texts.Count}");
        foreach (var t in texts)
        {
            if (t.Length > 2048) throw RequestRejected.Malformed($"#/texts: expected maxLength: 2048, actual: {t.Length}");
        }

        if (root.TryGetProperty("truncate", out var tr) && tr.GetString() is not ("NONE" or "START" or "END"))
            throw RequestRejected.Malformed($"#/truncate: {tr.GetString()} is not a valid enum value");

        List<string>? types = null;
        if (root.TryGetProperty("embedding_types", out var et))
        {
            types = [];
            foreach (var t in et.EnumerateArray())
            {
                var s = t.GetString() ?? "";
                if (s is not ("float" or "int8" or "uint8" or "binary" or "ubinary")) throw RequestRejected.Malformed($"#/embedding_types: {s} is not a valid enum value");
                types.Add(s);
            }
        }

        var vectors = new List<float[]>();
        var tokens = 0;
        foreach (var t in texts)
        {
            vectors.Add(Vector(inputType + "\u0000" + t, 1024, true));
            tokens += DeterministicModel.Words(t);
        }

        var body = JsonBytes.Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("id", requestId);
            w.WriteStartArray("texts");
            foreach (var t in texts) w.WriteStringValue(t.ToLowerInvariant());
            w.WriteEndArray();
            if (types is null)
            {
                w.WriteString("response_type", "embeddings_floats");
                w.WriteStartArray("embeddings");
                foreach (var v in vectors) WriteVector(w, v, "float");
                w.WriteEndArray();
            }
            else
            {
                w.WriteString("response_type", "embeddings_by_type");
                w.WriteStartObject("embeddings");
                foreach (var type in types)
                {
                    w.WriteStartArray(type);
                    foreach (var v in vectors) WriteVector(w, v, type);
                    w.WriteEndArray();
                }

                w.WriteEndObject();
            }

            w.WriteEndObject();
        });
        return (body, tokens);
    }

    private static void WriteVector(Utf8JsonWriter w, float[] v, string type)
    {
        w.WriteStartArray();
        switch (type)
        {
            case "float":
                foreach (var x in v) w.WriteNumberValue(x);
                break;
            case "int8":
                foreach (var x in v) w.WriteNumberValue((int)Math.Clamp(MathF.Round(x * 127 * 8), -128, 127));
                break;
            case "uint8":
                foreach (var x in v) w.WriteNumberValue((int)Math.Clamp(MathF.Round(x * 127 * 8) + 128, 0, 255));
                break;
            default:
                // binary / ubinary: one bit per dimension packed into bytes.
                for (var i = 0; i < v.Length; i += 8)
                {
                    var b = 0;
                    for (var k = 0; k < 8; k++) b = (b << 1) | (v[i + k] > 0 ? 1 : 0);
                    w.WriteNumberValue(type == "binary" ? b - 128 : b);
                }

                break;
        }

        w.WriteEndArray();
    }

    public static float[] Vector(string text, int dims, bool normalize)
    {
        var seed = SHA256.HashData(Encoding.UTF8.GetBytes(text));
        var state = BitConverter.ToUInt64(seed, 0) | 1UL;
        var v = new float[dims];
        double sum = 0;
        for (var i = 0; i < dims; i++)
        {
            // xorshift64*: cheap, deterministic, well spread.
            state ^= state >> 12;
            state ^= state << 25;
            state ^= state >> 27;
            var x = (state * 2685821657736338717UL >> 11) * (1.0 / (1UL << 53));
            v[i] = (float)(x * 2 - 1);
            sum += v[i] * (double)v[i];
        }

        if (normalize)
        {
            var norm = (float)Math.Sqrt(sum);
            for (var i = 0; i < dims; i++) v[i] /= norm;
        }

        return v;
    }
}
