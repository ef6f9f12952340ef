using System.Text.Json;

namespace Sluice.Bedrock.Emulator;

/// <summary>
/// Anthropic's own <c>tool_choice</c> (<c>{"type":"auto|any|tool|none","name"?,"disable_parallel_tool_use"?}</c>),
/// which Claude takes in the native body and, through Converse, in <c>additionalModelRequestFields</c>. Checked as
/// strictly as Anthropic does; <c>disable_parallel_tool_use: true</c> holds the answer to one tool call.
/// </summary>
internal static class AnthropicToolChoice
{
    private const string ModelErrorPrefix = "The model returned the following errors: ";

    /// <summary>Reads <c>tool_choice</c> from Converse's additionalModelRequestFields, if present.</summary>
    public static void ApplyAdditionalField(JsonElement fields, Conversation c, FixtureModel model)
    {
        if (fields.ValueKind != JsonValueKind.Object || !fields.TryGetProperty("tool_choice", out var choice))
        {
            return;
        }

        // Only Claude's native body has a tool_choice; other models reject the unknown key.
        if (model.ResolvedFamily != ModelFamily.Anthropic)
        {
            throw RequestRejected.Malformed("#: extraneous key [tool_choice] is not permitted");
        }

        var (kind, name, single) = Read(choice);
        if (c.Tools is null || c.Tools.Count == 0)
        {
            throw RequestRejected.Validation(ModelErrorPrefix + "tool_choice may only be specified while providing tools.");
        }

        if (kind == ToolChoiceKind.Tool && !c.Tools.Exists(t => t.Name == name))
        {
            throw RequestRejected.Validation(ModelErrorPrefix + $"tool_choice.name: Tool '{name}' not found in provided tools");
        }

        c.SingleToolUse = single;
    }

    /// <summary>Validates one tool_choice object; returns its kind, tool name and disable_parallel_tool_use.</summary>
    public static (ToolChoiceKind Kind, string? Name, bool Single) Read(JsonElement choice)
    {
        if (choice.ValueKind != JsonValueKind.Object)
        {
            throw RequestRejected.Malformed("#/tool_choice: expected type: JSONObject, found: " + choice.ValueKind);
        }

        if (!choice.TryGetProperty("type", out var typeEl) || typeEl.ValueKind != JsonValueKind.String)
        {
            throw RequestRejected.Validation(ModelErrorPrefix + "missing field `type`");
        }

        var kind = typeEl.GetString() switch
        {
            "auto" => ToolChoiceKind.Auto,
            "any" => ToolChoiceKind.Any,
            "tool" => ToolChoiceKind.Tool,
            "none" => ToolChoiceKind.None,
            var other => throw RequestRejected.Validation(ModelErrorPrefix + $"tool_choice.type: unknown variant `{other}`, expected one of `auto`, `any`, `tool`, `none`"),
        };

        string? name = null;
        var single = false;
        foreach (var p in choice.EnumerateObject())
        {
            switch (p.Name)
            {
                case "type":
                    break;
                case "name" when kind == ToolChoiceKind.Tool && p.Value.ValueKind == JsonValueKind.String:
                    name = p.Value.GetString();
                    break;
                case "disable_parallel_tool_use" when kind != ToolChoiceKind.None:
                    if (p.Value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                    {
                        throw RequestRejected.Validation(ModelErrorPrefix + "tool_choice.disable_parallel_tool_use: Input should be a valid boolean");
                    }

                    single = p.Value.GetBoolean();
                    break;
                default:
                    throw RequestRejected.Malformed($"#/tool_choice: extraneous key [{p.Name}] is not permitted");
            }
        }

        if (kind == ToolChoiceKind.Tool && string.IsNullOrEmpty(name))
        {
            throw RequestRejected.Validation(ModelErrorPrefix + "tool_choice.name: Field required");
        }

        return (kind, name, single);
    }
}
