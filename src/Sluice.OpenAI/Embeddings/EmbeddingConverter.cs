using System.Buffers;
using System.Text.Json;
using Sluice.Core.Chat;
using Sluice.Core.Embeddings;
using Sluice.OpenAI.Chat;

namespace Sluice.OpenAI.Embeddings;

/// <summary>Core's embeddings request to OpenAI's <c>/embeddings</c> body, and its answer back.</summary>
public static class EmbeddingConverter
{
    public static void ToOpenAiEmbeddingRequest(EmbeddingRequest request, string? model, IBufferWriter<byte> output)
    {
        using var w = new Utf8JsonWriter(output, WireJson.WriterOptions);
        w.WriteStartObject();
        if (model is not null) w.WriteString("model"u8, model);
        w.WriteStartArray("input"u8);
        foreach (var input in request.Inputs) w.WriteStringValue(input);
        w.WriteEndArray();
        // Floats, not OpenAI's default base64 for some SDKs: the gateway re-encodes as the caller asked.
        w.WriteString("encoding_format"u8, "float"u8);
        if (request.Dimensions is { } d) w.WriteNumber("dimensions"u8, d);
        if (request.User is { } user) w.WriteString("user"u8, user);
        w.WriteEndObject();
    }

    public static EmbeddingResponse FromOpenAiEmbeddingResponse(ReadOnlySpan<byte> json, int inputs, UpstreamInfo upstream)
    {
        using var doc = ChatResponseReader.Parse(json, upstream.Region);
        var root = doc.RootElement;
        var vectors = new float[inputs][];
        if (root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Array)
        {
            var position = 0;
            foreach (var item in data.EnumerateArray())
            {
                var index = item.TryGetProperty("index", out var i) && i.TryGetInt32(out var n) ? n : position;
                position++;
                if (index < 0 || index >= inputs || !item.TryGetProperty("embedding", out var embedding) || embedding.ValueKind != JsonValueKind.Array) continue;
                var vector = new float[embedding.GetArrayLength()];
                var k = 0;
                foreach (var v in embedding.EnumerateArray()) vector[k++] = v.GetSingle();
                vectors[index] = vector;
            }
        }

        for (var i = 0; i < vectors.Length; i++)
        {
            if (vectors[i] is null)
            {
                throw new Core.Errors.GatewayException(new Core.Errors.GatewayError(502, Core.Errors.ErrorTypes.Upstream, "invalid_upstream_response",
                    $"The upstream returned no embedding for input {i}."));
            }
        }

        var usage = root.TryGetProperty("usage", out var u) ? OpenAiUsageReader.Read(u) : null;
        return new EmbeddingResponse { Vectors = [.. vectors], PromptTokens = usage?.PromptTokens ?? 0, Upstream = upstream };
    }
}
