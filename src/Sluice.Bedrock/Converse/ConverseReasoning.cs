using System.Text.Json;
using Sluice.Bedrock.Catalogue;
using Sluice.Core.Chat;

namespace Sluice.Bedrock.Converse;

/// <summary>What a request's <c>reasoning_effort</c> turns into for the target model.</summary>
internal readonly record struct ReasoningPlan(ReasoningStyle Style, string? Effort, int BudgetTokens, int? MaxTokens);

/// <summary>Maps <c>reasoning_effort</c> to Anthropic thinking budgets or Nova reasoning effort.</summary>
internal static class ConverseReasoning
{
    /// <summary>Used as the answer's room when the caller set no max_tokens but thinking needs maxTokens above the budget.</summary>
    internal const int DefaultAnswerTokens = 4096;

    public static ReasoningPlan Plan(ChatRequest request, ConverseOptions options)
    {
        var effort = request.ReasoningEffort;
        if (effort is null)
        {
            return default;
        }

        var budget = effort switch
        {
            "low" => 1024,
            "medium" => 4096,
            "high" => 16384,
            _ => throw RequestErrors.Invalid($"reasoning_effort must be low, medium or high (got '{effort}').", "reasoning_effort"),
        };

        switch (options.Capabilities.Reasoning)
        {
            case ReasoningStyle.Anthropic:
                // Anthropic thinking forbids changed sampling and forced tool use; say so instead of letting Bedrock fail.
                if (request.Temperature is { } t && t != 1f)
                {
                    throw RequestErrors.Invalid($"temperature cannot be set (other than 1) together with reasoning_effort on {options.ModelId}: Anthropic thinking requires the default temperature.", "temperature");
                }

                if (request.TopP is < 0.95f)
                {
                    throw RequestErrors.Invalid($"top_p must be at least 0.95 together with reasoning_effort on {options.ModelId}.", "top_p");
                }

                if (request.ToolChoice is { Kind: ToolChoiceKind.Required or ToolChoiceKind.Function })
                {
                    throw RequestErrors.Invalid($"tool_choice cannot force a tool together with reasoning_effort on {options.ModelId}; use auto.", "tool_choice");
                }

                // maxTokens counts thinking too, and must exceed the budget: leave the caller's room for the answer.
                int? max = request.MaxTokens switch
                {
                    null => budget + DefaultAnswerTokens,
                    { } m when m <= budget => budget + m,
                    { } m => m,
                };
                return new ReasoningPlan(ReasoningStyle.Anthropic, effort, budget, max);
            case ReasoningStyle.Nova:
                return new ReasoningPlan(ReasoningStyle.Nova, effort, 0, null);
            default:
                throw RequestErrors.Invalid($"Model {options.ModelId} does not support reasoning; remove reasoning_effort.", "reasoning_effort");
        }
    }

    /// <summary>Writes the reasoning members of <c>additionalModelRequestFields</c> (the object is already open).</summary>
    public static void WriteFields(Utf8JsonWriter writer, ReasoningPlan plan)
    {
        if (plan.Style == ReasoningStyle.Anthropic)
        {
            writer.WritePropertyName("thinking"u8);
            writer.WriteStartObject();
            writer.WriteString("type"u8, "enabled");
            writer.WriteNumber("budget_tokens"u8, plan.BudgetTokens);
            writer.WriteEndObject();
        }
        else if (plan.Style == ReasoningStyle.Nova)
        {
            writer.WritePropertyName("reasoningConfig"u8);
            writer.WriteStartObject();
            writer.WriteString("type"u8, "enabled");
            writer.WriteString("maxReasoningEffort"u8, plan.Effort);
            writer.WriteEndObject();
        }
    }
}
