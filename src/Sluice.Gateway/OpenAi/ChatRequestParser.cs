using Sluice.Gateway.Pipeline;
using Sluice.Core.Errors;
using System.Text.Json;
using Sluice.Core.Chat;
using static Sluice.Gateway.OpenAi.JsonRead;

namespace Sluice.Gateway.OpenAi;

/// <summary>
/// Parses an OpenAI <c>/v1/chat/completions</c> body in one forward pass of <see cref="Utf8JsonReader"/> into Core's
/// <see cref="ChatRequest"/>, reporting the offending parameter for every error. Parameters the upstream cannot
/// honour are listed in <see cref="ParsedChatRequest.Unsupported"/> (refused or dropped once the model is known, or
/// passed through to an upstream that speaks OpenAI's API), never silently ignored; <c>service_tier</c>, <c>store</c>
/// and unknown fields are ignored here (and reach passthrough upstreams unchanged).
/// </summary>
internal static class ChatRequestParser
{
    public static ParsedChatRequest Parse(ReadOnlySpan<byte> body)
    {
        var json = RequestJson.Check(body);
        try
        {
            var reader = new Utf8JsonReader(json, isFinalBlock: true, new JsonReaderState(Options));
            var parsed = ReadRoot(ref reader);
            End(ref reader);
            return parsed;
        }
        catch (JsonException e)
        {
            throw RequestJson.Malformed(e, json);
        }
    }

    private static ParsedChatRequest ReadRoot(ref Utf8JsonReader reader)
    {
        Root(ref reader);
        string? model = null, user = null, reasoningEffort = null;
        List<ChatMessage>? messages = null;
        List<PendingImage>? images = null;
        int? maxTokens = null, maxCompletionTokens = null;
        double? temperature = null, topP = null;
        List<string>? stop = null;
        List<ToolDefinition>? tools = null;
        ToolChoice? toolChoice = null;
        bool? parallelToolCalls = null;
        ResponseFormat? responseFormat = null;
        bool stream = false, includeUsage = false;
        bool? dropParams = null;
        Dictionary<string, string>? metadata = null;
        List<UnsupportedParameter>? unsupported = null;

        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            if (reader.ValueTextEquals("messages"u8)) { Value(ref reader); messages = ChatMessageParser.ReadMessages(ref reader, ref images, ref unsupported); }
            else if (reader.ValueTextEquals("model"u8)) { Value(ref reader); model = String(ref reader, "model"); }
            else if (reader.ValueTextEquals("max_tokens"u8)) { Value(ref reader); maxTokens = PositiveInt(ref reader, "max_tokens"); }
            else if (reader.ValueTextEquals("max_completion_tokens"u8)) { Value(ref reader); maxCompletionTokens = PositiveInt(ref reader, "max_completion_tokens"); }
            else if (reader.ValueTextEquals("temperature"u8)) { Value(ref reader); temperature = OptionalNumber(ref reader, "temperature"); }
            else if (reader.ValueTextEquals("top_p"u8)) { Value(ref reader); topP = OptionalNumber(ref reader, "top_p"); }
            else if (reader.ValueTextEquals("stop"u8)) { Value(ref reader); stop = ReadStop(ref reader); }
            else if (reader.ValueTextEquals("stream"u8)) { Value(ref reader); stream = OptionalBool(ref reader, "stream") ?? false; }
            else if (reader.ValueTextEquals("stream_options"u8)) { Value(ref reader); includeUsage = ReadStreamOptions(ref reader); }
            else if (reader.ValueTextEquals("user"u8)) { Value(ref reader); user = OptionalString(ref reader, "user"); }
            else if (reader.ValueTextEquals("metadata"u8)) { Value(ref reader); metadata = ReadMetadata(ref reader); }
            else if (reader.ValueTextEquals("tools"u8)) { Value(ref reader); tools = ChatToolParser.ReadTools(ref reader); }
            else if (reader.ValueTextEquals("tool_choice"u8)) { Value(ref reader); toolChoice = ChatToolParser.ReadToolChoice(ref reader); }
            else if (reader.ValueTextEquals("parallel_tool_calls"u8)) { Value(ref reader); parallelToolCalls = OptionalBool(ref reader, "parallel_tool_calls"); }
            else if (reader.ValueTextEquals("response_format"u8)) { Value(ref reader); responseFormat = ChatToolParser.ReadResponseFormat(ref reader); }
            else if (reader.ValueTextEquals("reasoning_effort"u8)) { Value(ref reader); reasoningEffort = ReadReasoningEffort(ref reader); }
            else if (reader.ValueTextEquals("drop_params"u8)) { Value(ref reader); dropParams = OptionalBool(ref reader, "drop_params"); }
            else if (reader.ValueTextEquals("n"u8)) { Value(ref reader); ReadN(ref reader, ref unsupported); }
            else if (reader.ValueTextEquals("logprobs"u8))
            {
                Value(ref reader);
                if (OptionalBool(ref reader, "logprobs") == true)
                    Add(ref unsupported, "logprobs", "'logprobs' is not supported: the upstream models do not return token log probabilities.");
            }
            else if (reader.ValueTextEquals("top_logprobs"u8))
            {
                Value(ref reader);
                if (OptionalInt(ref reader, "top_logprobs") is not null)
                    Add(ref unsupported, "top_logprobs", "'top_logprobs' is not supported: the upstream models do not return token log probabilities.");
            }
            else if (reader.ValueTextEquals("logit_bias"u8)) { Value(ref reader); ReadLogitBias(ref reader, ref unsupported); }
            else if (reader.ValueTextEquals("seed"u8))
            {
                Value(ref reader);
                if (OptionalNumber(ref reader, "seed") is not null)
                    Add(ref unsupported, "seed", "'seed' is not supported: the upstream models (Amazon Bedrock Converse) take no seed, so answers cannot be made reproducible.");
            }
            else if (reader.ValueTextEquals("audio"u8)) { Value(ref reader); UnsupportedNonNull(ref reader, "audio", "Audio output is not supported; remove 'audio'.", ref unsupported); }
            else if (reader.ValueTextEquals("prediction"u8)) { Value(ref reader); UnsupportedNonNull(ref reader, "prediction", "Predicted outputs ('prediction') are not supported.", ref unsupported); }
            else if (reader.ValueTextEquals("modalities"u8)) { Value(ref reader); ReadModalities(ref reader, ref unsupported); }
            else if (reader.ValueTextEquals("frequency_penalty"u8)) { Value(ref reader); ReadPenalty(ref reader, "frequency_penalty", ref unsupported); }
            else if (reader.ValueTextEquals("presence_penalty"u8)) { Value(ref reader); ReadPenalty(ref reader, "presence_penalty", ref unsupported); }
            else if (reader.ValueTextEquals("functions"u8) || reader.ValueTextEquals("function_call"u8))
            {
                var name = reader.ValueTextEquals("functions"u8) ? "functions" : "function_call";
                Value(ref reader);
                UnsupportedNonNull(ref reader, name, $"'{name}' is deprecated and not supported; use 'tools' and 'tool_choice'.", ref unsupported);
            }
            else
            {
                // service_tier, store and fields this gateway does not know are ignored on purpose.
                Value(ref reader);
                reader.Skip();
            }
        }

        if (model is null) throw Invalid("model", "'model' is required: name a model as 'account/model' (GET /v1/models lists them).", "missing_required_parameter");
        if (messages is null) throw Invalid("messages", "'messages' is required.", "missing_required_parameter");
        if (maxTokens is not null && maxCompletionTokens is not null && maxTokens != maxCompletionTokens)
            throw Invalid("max_completion_tokens", "'max_tokens' and 'max_completion_tokens' differ; send only one ('max_tokens' is the older name of the same limit).");
        if (temperature is < 0 or > 2) throw Invalid("temperature", "'temperature' must be between 0 and 2.");
        if (temperature > 1)
        {
            // Dropping clamps rather than halves: 1 is the nearest value Bedrock takes, and scaling would change
            // every other temperature's meaning too.
            Add(ref unsupported, "temperature", "'temperature' must be between 0 and 1 for this gateway's models: the upstream (Amazon Bedrock) accepts only 0 to 1. Halve an OpenAI-scale value to keep its meaning.");
            temperature = 1;
        }

        if (topP is < 0 or > 1) throw Invalid("top_p", "'top_p' must be between 0 and 1.");
        if (toolChoice is { Kind: var kind } choice && kind is ToolChoiceKind.Required or ToolChoiceKind.Function)
        {
            if (tools is null || tools.Count == 0) throw Invalid("tool_choice", "'tool_choice' asks for a tool call but 'tools' is empty.");
            if (kind == ToolChoiceKind.Function && !HasTool(tools, choice.FunctionName!))
                throw Invalid("tool_choice", $"'tool_choice' names the function '{CallerText.Quote(choice.FunctionName)}', which is not in 'tools'.");
        }

        var request = new ChatRequest
        {
            Model = model,
            Messages = messages,
            MaxTokens = maxCompletionTokens ?? maxTokens,
            Temperature = (float?)temperature,
            TopP = (float?)topP,
            Stop = stop,
            Tools = tools is { Count: > 0 } ? tools : null,
            ToolChoice = toolChoice,
            ParallelToolCalls = parallelToolCalls,
            ResponseFormat = responseFormat,
            ReasoningEffort = reasoningEffort,
            Stream = stream,
            IncludeUsage = stream && includeUsage,
            User = user,
            Metadata = metadata,
        };
        return new ParsedChatRequest(request, images, unsupported, dropParams);
    }

    private static bool HasTool(List<ToolDefinition> tools, string name)
    {
        foreach (var tool in tools)
        {
            if (tool.Name == name) return true;
        }

        return false;
    }

    private static int? PositiveInt(ref Utf8JsonReader reader, string param)
    {
        var value = OptionalInt(ref reader, param);
        if (value is <= 0) throw Invalid(param, $"'{param}' must be a positive integer.");
        return value;
    }

    private static List<string>? ReadStop(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        if (reader.TokenType == JsonTokenType.String) return [reader.GetString()!];
        if (reader.TokenType != JsonTokenType.StartArray) throw Type("stop", "a string or an array of strings");
        var stop = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (!TryString(ref reader, out var s)) throw Type($"stop[{stop.Count}]", "a string");
            stop.Add(s!);
        }

        if (stop.Count > 4) throw Invalid("stop", "'stop' may hold at most 4 sequences.");
        return stop.Count == 0 ? null : stop;
    }

    private static bool ReadStreamOptions(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null) return false;
        ExpectObject(ref reader, "stream_options");
        var includeUsage = false;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            if (reader.ValueTextEquals("include_usage"u8))
            {
                Value(ref reader);
                includeUsage = OptionalBool(ref reader, "stream_options.include_usage") ?? false;
            }
            else
            {
                Value(ref reader);
                reader.Skip();
            }
        }

        return includeUsage;
    }

    private static Dictionary<string, string>? ReadMetadata(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        ExpectObject(ref reader, "metadata");
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var key = reader.GetString()!;
            Value(ref reader);
            if (!TryString(ref reader, out var value)) throw Type($"metadata.{CallerText.Quote(key)}", "a string");
            metadata[key] = value!;
        }

        return metadata;
    }

    private static string? ReadReasoningEffort(ref Utf8JsonReader reader)
    {
        var effort = OptionalString(ref reader, "reasoning_effort");
        return effort switch
        {
            null or "none" => null,
            "minimal" or "low" => "low",
            "medium" => "medium",
            "high" => "high",
            _ => throw Invalid("reasoning_effort", $"'{CallerText.Quote(effort)}' is not a valid reasoning_effort; use low, medium or high."),
        };
    }

    private static void ReadModalities(ref Utf8JsonReader reader, ref List<UnsupportedParameter>? unsupported)
    {
        if (reader.TokenType == JsonTokenType.Null) return;
        if (reader.TokenType != JsonTokenType.StartArray) throw Type("modalities", "an array of strings");
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.String) throw Type("modalities", "an array of strings");
            if (!reader.ValueTextEquals("text"u8)) Add(ref unsupported, "modalities", "Only the 'text' output modality is supported.");
        }
    }

    private static void ReadN(ref Utf8JsonReader reader, ref List<UnsupportedParameter>? unsupported)
    {
        var n = OptionalInt(ref reader, "n");
        if (n is < 1) throw Invalid("n", "'n' must be at least 1.");
        if (n > 1) Add(ref unsupported, "n", "'n' must be 1: the upstream models return one choice per request. Send several requests instead.");
    }

    private static void ReadPenalty(ref Utf8JsonReader reader, string param, ref List<UnsupportedParameter>? unsupported)
    {
        if (OptionalNumber(ref reader, param) is { } value && value != 0)
            Add(ref unsupported, param, $"'{param}' is not supported by the upstream models; remove it or send 0.");
    }

    private static void ReadLogitBias(ref Utf8JsonReader reader, ref List<UnsupportedParameter>? unsupported)
    {
        if (reader.TokenType == JsonTokenType.Null) return;
        ExpectObject(ref reader, "logit_bias");
        var probe = reader;
        probe.Read();
        if (probe.TokenType != JsonTokenType.EndObject) Add(ref unsupported, "logit_bias", "'logit_bias' is not supported by the upstream models.");
        reader.Skip();
    }

    /// <summary>The list is created only when a request has something unsupported, so ordinary requests allocate nothing.</summary>
    private static void Add(ref List<UnsupportedParameter>? unsupported, string param, string message)
    {
        unsupported ??= [];
        foreach (var u in unsupported)
        {
            if (u.Name == param) return;
        }

        unsupported.Add(new UnsupportedParameter(param, message));
    }

    /// <summary>A parameter only passthrough upstreams (OpenAI) can honour: listed as unsupported unless null, and skipped.</summary>
    private static void UnsupportedNonNull(ref Utf8JsonReader reader, string param, string message, ref List<UnsupportedParameter>? unsupported)
    {
        if (reader.TokenType != JsonTokenType.Null) Add(ref unsupported, param, message);
        reader.Skip();
    }

}
