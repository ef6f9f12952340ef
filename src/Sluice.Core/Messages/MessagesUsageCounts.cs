using System.Text.Json;
using Sluice.Core.Chat;

namespace Sluice.Core.Messages;

/// <summary>
/// The usage figures of an Anthropic Messages answer (from Anthropic or from Claude on Bedrock), merged as a stream
/// reports them (<c>message_start</c>, then <c>message_delta</c>), and turned into Core's convention: Anthropic's
/// <c>input_tokens</c> excludes cache reads and writes, Core's prompt tokens include both.
/// </summary>
public readonly record struct MessagesUsageCounts(int Input, int Output, int CacheCreation, int CacheRead, int CacheCreation1h)
{
    /// <summary>Takes every figure <paramref name="usage"/> carries and keeps the others.</summary>
    public MessagesUsageCounts Merge(JsonElement usage)
    {
        if (usage.ValueKind != JsonValueKind.Object)
        {
            return this;
        }

        var result = this with
        {
            Input = Read(usage, "input_tokens") ?? Input,
            Output = Read(usage, "output_tokens") ?? Output,
            CacheCreation = Read(usage, "cache_creation_input_tokens") ?? CacheCreation,
            CacheRead = Read(usage, "cache_read_input_tokens") ?? CacheRead,
        };
        if (usage.TryGetProperty("cache_creation", out var detail) && detail.ValueKind == JsonValueKind.Object)
        {
            result = result with { CacheCreation1h = Read(detail, "ephemeral_1h_input_tokens") ?? CacheCreation1h };
        }

        return result;
    }

    public Chat.Usage ToUsage() => new(Input + CacheCreation + CacheRead, Output, CacheRead, CacheCreation)
    {
        CacheWrite1hTokens = Math.Min(CacheCreation1h, CacheCreation),
    };

    /// <summary>The usage of a whole message (<c>{"type":"message",…,"usage":{…}}</c>); zeros when it has none.</summary>
    public static Chat.Usage FromMessage(ReadOnlySpan<byte> message)
    {
        var counts = default(MessagesUsageCounts);
        try
        {
            var reader = new Utf8JsonReader(message);
            using var doc = JsonDocument.ParseValue(ref reader);
            if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("usage", out var usage))
            {
                counts = counts.Merge(usage);
            }
        }
        catch (JsonException)
        {
            // Not JSON: the gateway still relays the body; usage is then unknown (zero).
        }

        return counts.ToUsage();
    }

    private static int? Read(JsonElement o, string name) =>
        o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n) ? n : null;
}
