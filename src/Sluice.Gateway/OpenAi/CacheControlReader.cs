using System.Text.Json;
using Sluice.Core.Chat;
using Sluice.Core.Errors;
using static Sluice.Gateway.OpenAi.JsonRead;

namespace Sluice.Gateway.OpenAi;

/// <summary>
/// Reads the <c>cache_control</c> extension Anthropic-minded OpenAI clients (and LiteLLM) put on messages, content
/// parts and tools: <c>{"type": "ephemeral", "ttl": "5m" | "1h"}</c>.
/// </summary>
internal static class CacheControlReader
{
    private static readonly CacheControl FiveMinutes = new("5m");

    /// <summary>The reader is on the value of <c>cache_control</c>; returns null for JSON null.</summary>
    public static CacheControl? Read(ref Utf8JsonReader reader, string param)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        if (reader.TokenType != JsonTokenType.StartObject) throw Type(param, "an object such as {\"type\": \"ephemeral\"}");
        string? type = null, ttl = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                Value(ref reader);
                if (!TryString(ref reader, out type)) throw Type(param + ".type", "a string");
            }
            else if (reader.ValueTextEquals("ttl"u8))
            {
                Value(ref reader);
                if (!TryOptionalString(ref reader, out ttl)) throw Type(param + ".ttl", "a string");
            }
            else
            {
                Value(ref reader);
                reader.Skip();
            }
        }

        if (type != "ephemeral")
        {
            throw Invalid(param + ".type", type is null
                ? $"'{param}' needs \"type\": \"ephemeral\"."
                : $"'{CallerText.Quote(type)}' is not a supported cache_control type; only 'ephemeral' is.");
        }

        return ttl switch
        {
            null => CacheControl.Ephemeral,
            "5m" => FiveMinutes,
            "1h" => CacheControl.OneHour,
            _ => throw Invalid(param + ".ttl", $"'{CallerText.Quote(ttl)}' is not a supported cache TTL; use 5m or 1h."),
        };
    }
}
