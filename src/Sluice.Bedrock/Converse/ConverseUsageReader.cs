using System.Text.Json;
using Sluice.Core.Chat;

namespace Sluice.Bedrock.Converse;

/// <summary>Reads Converse's <c>usage</c> object into OpenAI's convention (prompt tokens include cached ones).</summary>
internal static class ConverseUsageReader
{
    /// <summary>The reader is on the usage object's StartObject; leaves it on the matching EndObject.</summary>
    public static Usage Read(ref Utf8JsonReader reader)
    {
        int input = 0, output = 0, cacheRead = 0, cacheWrite = 0, cacheWrite1h = 0;
        var depth = reader.CurrentDepth;
        while (reader.Read() && !(reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == depth))
        {
            if (reader.TokenType != JsonTokenType.PropertyName)
            {
                continue;
            }

            if (reader.ValueTextEquals("inputTokens"u8))
            {
                input = ReadInt(ref reader);
            }
            else if (reader.ValueTextEquals("outputTokens"u8))
            {
                output = ReadInt(ref reader);
            }
            else if (reader.ValueTextEquals("cacheReadInputTokens"u8))
            {
                cacheRead = ReadInt(ref reader);
            }
            else if (reader.ValueTextEquals("cacheWriteInputTokens"u8))
            {
                cacheWrite = ReadInt(ref reader);
            }
            else if (reader.ValueTextEquals("cacheDetails"u8))
            {
                cacheWrite1h = ReadOneHourWrites(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        // Bedrock's inputTokens excludes cache reads and writes; OpenAI's prompt_tokens includes them. Converse
        // counts reasoning inside outputTokens and never separately, so the reasoning count stays unknown (null).
        return new Usage(input + cacheRead + cacheWrite, output, cacheRead, cacheWrite) { CacheWrite1hTokens = Math.Min(cacheWrite1h, cacheWrite) };
    }

    /// <summary>
    /// <c>cacheDetails: [{ttl, inputTokens}]</c> splits the cache writes by TTL; one-hour writes are priced apart.
    /// Leaves the reader on the array's end.
    /// </summary>
    private static int ReadOneHourWrites(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return 0;
        }

        var total = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }

            var oneHour = false;
            var tokens = 0;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                if (reader.ValueTextEquals("ttl"u8))
                {
                    reader.Read();
                    oneHour = reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("1h"u8);
                }
                else if (reader.ValueTextEquals("inputTokens"u8))
                {
                    tokens = ReadInt(ref reader);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            if (oneHour)
            {
                total += tokens;
            }
        }

        return total;
    }

    private static int ReadInt(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var v) ? v : 0;
    }
}
