using System.Text.Encodings.Web;
using System.Text.Json;
using Sluice.Core.Chat;

namespace Sluice.Anthropic.Translation;

/// <summary>Pieces shared by the message and stream writers: ids, stop reasons, usage.</summary>
internal static class AnthropicWire
{
    /// <summary>
    /// Text goes out as UTF-8, as Anthropic sends it, not as \u escapes: these are JSON bodies, never HTML, and
    /// escaping every non-ASCII character would triple the size of non-English answers.
    /// </summary>
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /// <summary>An id in Anthropic's shape (<c>msg_01</c> and 22 base62 characters) so clients that check the prefix accept it.</summary>
    public static string NewMessageId() => Sluice.Core.Ids.RandomIds.FromAlphabet("msg_01", Alphabet, 22);

    /// <summary>
    /// Core's finish reasons are OpenAI's: a stop sequence is reported as a plain stop, so <c>stop_sequence</c> is
    /// never produced, and a content filter reads as Anthropic's <c>refusal</c>.
    /// </summary>
    public static string StopReason(FinishReason reason) => reason switch
    {
        FinishReason.Length => "max_tokens",
        FinishReason.ToolCalls => "tool_use",
        FinishReason.ContentFilter => "refusal",
        _ => "end_turn",
    };

    /// <summary>Anthropic counts input without the cached tokens, which Core's prompt tokens include.</summary>
    public static void WriteUsage(Utf8JsonWriter writer, Usage? usage)
    {
        writer.WritePropertyName("usage"u8);
        writer.WriteStartObject();
        writer.WriteNumber("input_tokens"u8, usage?.UncachedPromptTokens ?? 0);
        writer.WriteNumber("cache_creation_input_tokens"u8, usage?.CacheWriteTokens ?? 0);
        writer.WriteNumber("cache_read_input_tokens"u8, usage?.CachedTokens ?? 0);
        writer.WritePropertyName("cache_creation"u8);
        writer.WriteStartObject();
        writer.WriteNumber("ephemeral_5m_input_tokens"u8, (usage?.CacheWriteTokens ?? 0) - (usage?.CacheWrite1hTokens ?? 0));
        writer.WriteNumber("ephemeral_1h_input_tokens"u8, usage?.CacheWrite1hTokens ?? 0);
        writer.WriteEndObject();
        writer.WriteNumber("output_tokens"u8, usage?.CompletionTokens ?? 0);
        writer.WriteEndObject();
    }
}
