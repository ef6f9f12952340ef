using System.Text.Json.Nodes;
using Sluice.Core.Chat;
using Sluice.Core.Errors;
using Sluice.Core.Messages;
using static Sluice.Anthropic.Translation.JsonFields;

namespace Sluice.Anthropic.Translation;

/// <summary>
/// Translates an Anthropic Messages request into Core's <see cref="ChatRequest"/> for models that do not take
/// Messages bodies natively (Nova, Llama, Mistral... through Converse). Whatever has no chat equivalent is refused
/// with a 400 <see cref="GatewayException"/> naming the field, never dropped silently; nothing else is thrown.
/// </summary>
public static class MessagesRequestTranslator
{
    /// <summary>Translates <paramref name="request"/>; the caller's body is not changed.</summary>
    public static TranslatedChatRequest ToChatRequest(MessagesRequest request) => ToChatRequest(request.Body);

    /// <summary>Translates a Messages body (<c>model</c>, <c>max_tokens</c> and <c>messages</c> required).</summary>
    public static TranslatedChatRequest ToChatRequest(JsonObject body)
    {
        var model = body.TryGetPropertyValue("model", out var m) && m is not null ? String(m, "model") : throw TranslationErrors.Required("model");
        var messages = new List<ChatMessage>();
        List<PendingImageUrl>? images = null;
        int? maxTokens = null;
        double? temperature = null, topP = null;
        List<string>? stop = null;
        List<ToolDefinition>? tools = null;
        ToolChoice? toolChoice = null;
        bool? parallel = null;
        string? user = null, effort = null;
        int? thinkingBudget = null;
        ResponseFormat? format = null;
        var stream = false;
        JsonNode? system = null, rawMessages = null;

        foreach (var (key, value) in body)
        {
            switch (key)
            {
                case "model": break;
                case "messages": rawMessages = value; break;
                case "system": system = value; break;
                case "max_tokens": maxTokens = OptionalInt(value, "max_tokens"); break;
                case "temperature": temperature = OptionalNumber(value, "temperature"); break;
                case "top_p": topP = OptionalNumber(value, "top_p"); break;
                case "top_k":
                    if (value is not null) throw TranslationErrors.NotTranslatable(model, "top_k", "'top_k'");
                    break;
                case "stop_sequences": stop = ReadStopSequences(value); break;
                case "stream": stream = OptionalBool(value, "stream") ?? false; break;
                case "metadata": user = ReadMetadata(value, model); break;
                case "tools": tools = MessagesToolReader.ReadTools(value, model); break;
                case "tool_choice": (toolChoice, parallel) = MessagesToolReader.ReadToolChoice(value); break;
                case "thinking": (effort, thinkingBudget) = ReadThinking(value, model); break;
                case "output_format": format = MessagesToolReader.ReadOutputFormat(value, "output_format"); break;
                case "output_config": format = MessagesToolReader.ReadOutputConfig(value, model) ?? format; break;
                // A scheduling hint with no effect on the answer; Converse has no such setting.
                case "service_tier": break;
                default:
                    if (value is not null) throw TranslationErrors.NotTranslatable(model, key, $"'{CallerText.Quote(key)}'");
                    break;
            }
        }

        if (maxTokens is null) throw TranslationErrors.Required("max_tokens");
        if (maxTokens < 1) throw TranslationErrors.Invalid("max_tokens", "must be at least 1.");
        if (temperature is < 0 or > 1) throw TranslationErrors.Invalid("temperature", "must be between 0 and 1.");
        if (topP is < 0 or > 1) throw TranslationErrors.Invalid("top_p", "must be between 0 and 1.");
        if (thinkingBudget >= maxTokens) throw TranslationErrors.Invalid("thinking.budget_tokens", "must be less than max_tokens.");
        if (toolChoice is { Kind: ToolChoiceKind.Required or ToolChoiceKind.Function } choice)
        {
            if (tools is null) throw TranslationErrors.Invalid("tool_choice", "asks for a tool call but 'tools' is empty.");
            if (choice.Kind == ToolChoiceKind.Function && !tools.Exists(t => t.Name == choice.FunctionName))
                throw TranslationErrors.Invalid("tool_choice.name", $"names the tool '{CallerText.Quote(choice.FunctionName)}', which is not in 'tools'.");
        }

        // An empty system prompt says nothing; Converse refuses empty text blocks, so it is not sent at all.
        if (system is not null && ReadSystem(system, model) is { Content.Count: > 0 } systemMessage) messages.Add(systemMessage);
        if (rawMessages is null) throw TranslationErrors.Required("messages");
        MessagesContentReader.ReadMessages(rawMessages, model, messages, ref images);

        var chat = new ChatRequest
        {
            Model = model,
            Messages = messages,
            MaxTokens = maxTokens,
            Temperature = (float?)temperature,
            TopP = (float?)topP,
            Stop = stop,
            Tools = tools,
            ToolChoice = toolChoice,
            ParallelToolCalls = parallel,
            ResponseFormat = format,
            ReasoningEffort = effort,
            Stream = stream,
            // Anthropic streams always end with usage, so the chat stream must carry it.
            IncludeUsage = stream,
            User = user,
        };
        return new TranslatedChatRequest(chat, images);
    }

    private static ChatMessage ReadSystem(JsonNode system, string model)
    {
        var parts = new List<ContentPart>();
        if (system is JsonValue)
        {
            var text = String(system, "system");
            if (text.Length > 0) parts.Add(new TextPart(text));
            return new ChatMessage { Role = ChatRole.System, Content = parts };
        }

        var blocks = Array(system, "system");
        for (var i = 0; i < blocks.Count; i++)
        {
            var param = $"system[{i}]";
            var block = Object(blocks[i], param);
            var type = RequiredString(block, "type", param);
            if (type != "text") throw TranslationErrors.Invalid($"{param}.type", $"'{CallerText.Quote(type)}' is not allowed in system; only text blocks are.");
            parts.Add(MessagesContentReader.ReadText(block, param, model));
        }

        return new ChatMessage { Role = ChatRole.System, Content = parts };
    }

    private static List<string>? ReadStopSequences(JsonNode? value)
    {
        if (value is null) return null;
        var array = Array(value, "stop_sequences");
        var stop = new List<string>(array.Count);
        for (var i = 0; i < array.Count; i++)
        {
            stop.Add(String(array[i], $"stop_sequences[{i}]"));
        }

        return stop.Count == 0 ? null : stop;
    }

    private static string? ReadMetadata(JsonNode? value, string model)
    {
        if (value is null) return null;
        string? user = null;
        foreach (var (key, v) in Object(value, "metadata"))
        {
            if (key == "user_id") user = OptionalString(v, "metadata.user_id");
            else if (v is not null) throw TranslationErrors.Invalid($"metadata.{CallerText.Quote(key)}", "is not a metadata field; only user_id is.");
        }

        return user;
    }

    /// <summary>
    /// Chat models take an effort, not a token budget: the budget maps to the effort whose budget it is nearest,
    /// the inverse of what the Converse provider sends (low 1,024, medium 4,096, high 16,384 tokens).
    /// </summary>
    private static (string? Effort, int? Budget) ReadThinking(JsonNode? value, string model)
    {
        if (value is null) return (null, null);
        var thinking = Object(value, "thinking");
        var type = RequiredString(thinking, "type", "thinking");
        switch (type)
        {
            case "disabled":
                return (null, null);
            case "enabled":
                var budget = thinking.TryGetPropertyValue("budget_tokens", out var b) ? OptionalInt(b, "thinking.budget_tokens") : null;
                if (budget is null) throw TranslationErrors.Required("thinking.budget_tokens");
                if (budget < 1024) throw TranslationErrors.Invalid("thinking.budget_tokens", "must be at least 1024.");
                var effort = budget <= 2048 ? "low" : budget <= 8192 ? "medium" : "high";
                return (effort, budget);
            case "adaptive":
                throw TranslationErrors.NotTranslatable(model, "thinking.type", "adaptive thinking");
            default:
                throw TranslationErrors.Invalid("thinking.type", $"'{CallerText.Quote(type)}' is not a thinking type; use enabled or disabled.");
        }
    }
}
