using System.Text.Json;

namespace Sluice.Bedrock.Emulator;

/// <summary>Conversation-level rules Bedrock enforces after parsing: roles, tool pairing, toolConfig, reasoning.</summary>
internal static class ConversationRules
{
    private const string ModelErrorPrefix = "The model returned the following errors: ";

    public static void Validate(Conversation c, FixtureModel model, bool requireMessages)
    {
        if (requireMessages && c.Messages.Count == 0)
        {
            throw RequestRejected.Validation("A conversation must start with a user message. Try again with a conversation that starts with a user message.");
        }

        if (c.Messages.Count > 0 && c.Messages[0].Role != "user")
        {
            throw RequestRejected.Validation("A conversation must start with a user message. Try again with a conversation that starts with a user message.");
        }

        var usesTools = false;
        for (var i = 0; i < c.Messages.Count; i++)
        {
            if (i > 0 && c.Messages[i].Role == c.Messages[i - 1].Role)
            {
                throw RequestRejected.Validation("A conversation must alternate between user and assistant roles. Make sure the conversation alternates between user and assistant roles and try again.");
            }

            foreach (var b in c.Messages[i].Blocks)
            {
                if (b.Kind is BlockKind.ToolUse or BlockKind.ToolResult)
                {
                    usesTools = true;
                }

                if (b.Kind == BlockKind.ToolUse && c.Messages[i].Role != "assistant")
                {
                    throw RequestRejected.Validation($"messages.{i}: toolUse blocks are only allowed in assistant messages.");
                }

                if (b.Kind == BlockKind.ToolResult && c.Messages[i].Role != "user")
                {
                    throw RequestRejected.Validation($"messages.{i}: toolResult blocks are only allowed in user messages.");
                }
            }
        }

        if (usesTools && c.Tools is null)
        {
            throw RequestRejected.Validation("The toolConfig field must be defined when using toolUse and toolResult content blocks.");
        }

        ValidateToolPairing(c);
        CachePointRules.Validate(c, model);
        if (c.ThinkingEnabled)
        {
            ValidateReasoningHistory(c);
        }
    }

    private static void ValidateToolPairing(Conversation c)
    {
        for (var i = 0; i < c.Messages.Count; i++)
        {
            var turn = c.Messages[i];
            if (turn.Role != "user")
            {
                continue;
            }

            var expected = new List<string>();
            if (i > 0)
            {
                foreach (var b in c.Messages[i - 1].Blocks)
                {
                    if (b.Kind == BlockKind.ToolUse) expected.Add(b.ToolUseId!);
                }
            }

            var results = 0;
            for (var j = 0; j < turn.Blocks.Count; j++)
            {
                var b = turn.Blocks[j];
                if (b.Kind != BlockKind.ToolResult) continue;
                results++;
                if (!expected.Contains(b.ToolUseId!))
                {
                    throw RequestRejected.Validation(expected.Count == 0
                        ? $"The toolResult block at messages.{i}.content.{j} has toolUseId {b.ToolUseId}, but the previous assistant turn has no toolUse blocks. Each toolResult must answer a toolUse block of the previous turn."
                        : $"The toolUseId {b.ToolUseId} of the toolResult block at messages.{i}.content.{j} doesn't match any toolUse block of the previous turn (expected one of: {string.Join(", ", expected)}).");
                }
            }

            if (results > expected.Count)
            {
                throw RequestRejected.Validation($"The number of toolResult blocks at messages.{i}.content exceeds the number of toolUse blocks of previous turn.");
            }

            var missing = new List<string>();
            foreach (var id in expected)
            {
                if (!turn.Blocks.Exists(b => b.Kind == BlockKind.ToolResult && b.ToolUseId == id)) missing.Add(id);
            }

            if (missing.Count > 0)
            {
                throw RequestRejected.Validation($"Expected toolResult blocks at messages.{i}.content for the following Ids: {string.Join(", ", missing)}");
            }
        }
    }

    private static void ValidateReasoningHistory(Conversation c)
    {
        for (var i = 0; i < c.Messages.Count; i++)
        {
            var turn = c.Messages[i];
            for (var j = 0; j < turn.Blocks.Count; j++)
            {
                var b = turn.Blocks[j];
                if (b.Kind == BlockKind.Reasoning && !b.Redacted && !ReasoningSigner.Verify(b.Text, b.Signature))
                {
                    throw RequestRejected.Validation(ModelErrorPrefix + $"messages.{i}.content.{j}: Invalid `signature` in `thinking` block");
                }
            }
        }

        // Anthropic: the latest assistant turn of an open tool loop must start with its thinking block.
        for (var i = c.Messages.Count - 1; i >= 0; i--)
        {
            var turn = c.Messages[i];
            if (turn.Role != "assistant") continue;
            if (turn.Blocks.Exists(b => b.Kind == BlockKind.ToolUse) && turn.Blocks[0].Kind != BlockKind.Reasoning)
            {
                var found = turn.Blocks[0].Kind == BlockKind.ToolUse ? "tool_use" : "text";
                throw RequestRejected.Validation(ModelErrorPrefix + $"messages.{i}.content.0.type: Expected `thinking` or `redacted_thinking`, but found `{found}`. When `thinking` is enabled, a final `assistant` message must start with a thinking block (preceeding the lastmost set of `tool_use` and `tool_result` blocks). We recommend you include thinking blocks from previous turns. To avoid this requirement, disable `thinking`. Please consult our documentation at https://docs.anthropic.com/en/docs/build-with-claude/extended-thinking");
            }

            break;
        }
    }

    /// <summary>Reads thinking / reasoning configuration from additionalModelRequestFields (Converse) or the native body (Anthropic).</summary>
    public static void ApplyReasoningConfig(JsonElement fields, Conversation c, FixtureModel model)
    {
        if (fields.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        foreach (var name in (string[])["thinking", "reasoning_config", "reasoningConfig"])
        {
            if (!fields.TryGetProperty(name, out var cfg))
            {
                continue;
            }

            if (!model.SupportsReasoning)
            {
                throw RequestRejected.Malformed($"#: extraneous key [{name}] is not permitted");
            }

            var type = cfg.TryGetProperty("type", out var t) ? t.GetString() : null;
            if (type is "disabled")
            {
                return;
            }

            if (type is not "enabled")
            {
                throw RequestRejected.Validation(ModelErrorPrefix + $"{name}.type: Input should be 'enabled' or 'disabled'");
            }

            if (model.ResolvedFamily == ModelFamily.Anthropic)
            {
                if (!cfg.TryGetProperty("budget_tokens", out var budgetEl) || !budgetEl.TryGetInt32(out var budget))
                {
                    throw RequestRejected.Validation(ModelErrorPrefix + $"{name}.enabled.budget_tokens: Field required");
                }

                if (budget < 1024)
                {
                    throw RequestRejected.Validation(ModelErrorPrefix + $"{name}.enabled.budget_tokens: Input should be greater than or equal to 1024");
                }

                if (c.MaxTokens is { } max && max <= budget)
                {
                    throw RequestRejected.Validation(ModelErrorPrefix + "`max_tokens` must be greater than `thinking.budget_tokens`. Please consult our documentation at https://docs.anthropic.com/en/docs/build-with-claude/extended-thinking#max-tokens-and-context-window-size");
                }

                if (c.Temperature is { } temp && temp != 1)
                {
                    throw RequestRejected.Validation(ModelErrorPrefix + "`temperature` may only be set to 1 when thinking is enabled. Please consult our documentation at https://docs.anthropic.com/en/docs/build-with-claude/extended-thinking#important-considerations-when-using-extended-thinking");
                }
            }

            c.ThinkingEnabled = true;
            return;
        }
    }
}
