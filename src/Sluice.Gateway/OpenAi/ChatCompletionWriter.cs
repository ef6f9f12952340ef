using System.Text.Json;
using Sluice.Core.Chat;

namespace Sluice.Gateway.OpenAi;

/// <summary>Writes OpenAI <c>chat.completion</c> JSON (and the pieces chunks share) with <see cref="Utf8JsonWriter"/>.</summary>
internal static class ChatCompletionWriter
{
    public static void Write(Utf8JsonWriter writer, string id, long created, string model, ChatResponse response)
    {
        writer.WriteStartObject();
        writer.WriteString("id"u8, id);
        writer.WriteString("object"u8, "chat.completion"u8);
        writer.WriteNumber("created"u8, created);
        writer.WriteString("model"u8, model);
        writer.WriteStartArray("choices"u8);
        writer.WriteStartObject();
        writer.WriteNumber("index"u8, 0);
        writer.WriteStartObject("message"u8);
        writer.WriteString("role"u8, "assistant"u8);
        if (response.Text is null) writer.WriteNull("content"u8); else writer.WriteString("content"u8, response.Text);
        writer.WriteNull("refusal"u8);
        if (response.ToolCalls is { Count: > 0 } calls)
        {
            writer.WriteStartArray("tool_calls"u8);
            foreach (var call in calls)
            {
                writer.WriteStartObject();
                writer.WriteString("id"u8, call.Id);
                writer.WriteString("type"u8, "function"u8);
                writer.WriteStartObject("function"u8);
                writer.WriteString("name"u8, call.Name);
                writer.WriteString("arguments"u8, call.ArgumentsJson);
                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        if (response.Reasoning is { } reasoning)
        {
            if (reasoning.Text is not null) writer.WriteString("reasoning_content"u8, reasoning.Text);
            if (reasoning.Signature is not null) writer.WriteString("reasoning_signature"u8, reasoning.Signature);
            if (reasoning.RedactedData is not null) writer.WriteString("redacted_reasoning_content"u8, reasoning.RedactedData);
        }

        writer.WriteEndObject();
        writer.WriteNull("logprobs"u8);
        writer.WriteString("finish_reason"u8, FinishReasonText(response.FinishReason));
        writer.WriteEndObject();
        writer.WriteEndArray();
        WriteUsage(writer, response.Usage);
        writer.WriteEndObject();
    }

    public static void WriteUsage(Utf8JsonWriter writer, Usage usage)
    {
        writer.WriteStartObject("usage"u8);
        writer.WriteNumber("prompt_tokens"u8, usage.PromptTokens);
        writer.WriteNumber("completion_tokens"u8, usage.CompletionTokens);
        writer.WriteNumber("total_tokens"u8, usage.TotalTokens);
        // prompt_tokens counts every input token; cached_tokens the cache reads among them. Cache writes have no
        // OpenAI field: cache_write_tokens is Sluice's (LiteLLM's name too), and the Anthropic-style top-level pair
        // LiteLLM also returns is added whenever the cache was used.
        writer.WriteStartObject("prompt_tokens_details"u8);
        writer.WriteNumber("cached_tokens"u8, usage.CachedTokens);
        writer.WriteNumber("cache_write_tokens"u8, usage.CacheWriteTokens);
        if (usage.CacheWrite1hTokens > 0)
        {
            writer.WriteStartObject("cache_creation_token_details"u8);
            writer.WriteNumber("ephemeral_5m_input_tokens"u8, usage.CacheWriteTokens - usage.CacheWrite1hTokens);
            writer.WriteNumber("ephemeral_1h_input_tokens"u8, usage.CacheWrite1hTokens);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        if (usage.CachedTokens > 0 || usage.CacheWriteTokens > 0)
        {
            writer.WriteNumber("cache_creation_input_tokens"u8, usage.CacheWriteTokens);
            writer.WriteNumber("cache_read_input_tokens"u8, usage.CachedTokens);
        }

        // A count the upstream did not give is left out: a 0 would claim the model did not reason.
        if (usage.ReasoningTokens is { } reasoning)
        {
            writer.WriteStartObject("completion_tokens_details"u8);
            writer.WriteNumber("reasoning_tokens"u8, reasoning);
            writer.WriteEndObject();
        }
        writer.WriteEndObject();
    }

    public static ReadOnlySpan<byte> FinishReasonText(FinishReason reason) => reason switch
    {
        FinishReason.Length => "length"u8,
        FinishReason.ToolCalls => "tool_calls"u8,
        FinishReason.ContentFilter => "content_filter"u8,
        _ => "stop"u8,
    };
}
