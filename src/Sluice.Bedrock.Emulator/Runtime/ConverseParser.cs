using System.Text.Json;

namespace Sluice.Bedrock.Emulator;

/// <summary>Parses a Converse / ConverseStream / CountTokens(converse) body into a <see cref="Conversation"/>, rejecting what Bedrock rejects.</summary>
internal static class ConverseParser
{
    private static readonly HashSet<string> TopLevel = new(StringComparer.Ordinal)
    {
        "messages", "system", "inferenceConfig", "toolConfig", "guardrailConfig", "additionalModelRequestFields",
        "promptVariables", "additionalModelResponseFieldPaths", "requestMetadata", "performanceConfig", "serviceTier", "outputConfig",
    };

    private static readonly HashSet<string> BlockMembers = new(StringComparer.Ordinal)
    {
        "text", "image", "document", "video", "audio", "toolUse", "toolResult", "guardContent", "cachePoint",
        "reasoningContent", "citationsContent", "searchResult",
    };

    // Bedrock takes tool schemas far deeper than System.Text.Json's default of 64 levels (a 60-level schema is
    // 120+ levels of JSON); no limit is documented, so the emulator allows generously many.
    private static readonly JsonDocumentOptions BodyOptions = new() { MaxDepth = 1024 };

    public static JsonDocument ParseJson(byte[] body)
    {
        try
        {
            return JsonDocument.Parse(body, BodyOptions);
        }
        catch (JsonException ex)
        {
            throw RequestRejected.Malformed("#: " + ex.Message.Split(" Path:")[0].TrimEnd('.'));
        }
    }

    public static Conversation Parse(JsonElement root, bool countTokens)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw RequestRejected.Malformed("#: expected type: JSONObject, found: " + root.ValueKind);
        }

        foreach (var p in root.EnumerateObject())
        {
            if (!TopLevel.Contains(p.Name) || (countTokens && p.Name is not ("messages" or "system" or "toolConfig" or "additionalModelRequestFields")))
            {
                throw RequestRejected.Malformed($"#: extraneous key [{p.Name}] is not permitted");
            }
        }

        var c = new Conversation();
        if (root.TryGetProperty("messages", out var messages))
        {
            RequireArray(messages, "messages");
            var i = 0;
            foreach (var m in messages.EnumerateArray())
            {
                c.Messages.Add(ParseMessage(m, i++));
            }
        }

        if (root.TryGetProperty("system", out var system))
        {
            RequireArray(system, "system");
            var i = 0;
            foreach (var s in system.EnumerateArray())
            {
                c.System.Add(ParseSystemBlock(s, i++));
            }
        }

        if (root.TryGetProperty("inferenceConfig", out var inference))
        {
            ParseInferenceConfig(inference, c);
        }

        if (root.TryGetProperty("toolConfig", out var toolConfig))
        {
            ParseToolConfig(toolConfig, c);
        }

        if (root.TryGetProperty("outputConfig", out var output))
        {
            ParseOutputConfig(output, c);
        }

        return c;
    }

    private static Turn ParseMessage(JsonElement m, int i)
    {
        if (m.ValueKind != JsonValueKind.Object)
        {
            throw RequestRejected.Malformed($"#/messages/{i}: expected type: JSONObject");
        }

        if (!m.TryGetProperty("role", out var roleEl) || roleEl.ValueKind != JsonValueKind.String)
        {
            throw RequestRejected.Constraint("null", $"messages.{i + 1}.member.role", "Member must not be null");
        }

        var role = roleEl.GetString()!;
        if (role is not ("user" or "assistant"))
        {
            throw RequestRejected.Constraint(role, $"messages.{i + 1}.member.role", "Member must satisfy enum value set: [user, assistant]");
        }

        if (!m.TryGetProperty("content", out var content) || content.ValueKind != JsonValueKind.Array)
        {
            throw RequestRejected.Constraint("null", $"messages.{i + 1}.member.content", "Member must not be null");
        }

        if (content.GetArrayLength() == 0)
        {
            throw RequestRejected.Validation($"The content field in the Message object at messages.{i} is empty. Add a ContentBlock object to the content field and try again.");
        }

        var blocks = new List<Block>();
        var j = 0;
        foreach (var b in content.EnumerateArray())
        {
            blocks.Add(ParseContentBlock(b, $"messages.{i}.content.{j}"));
            j++;
        }

        return new Turn(role, blocks);
    }

    private static JsonProperty SingleMember(JsonElement b, string path, HashSet<string> allowed)
    {
        if (b.ValueKind != JsonValueKind.Object)
        {
            throw RequestRejected.Malformed($"{path}: expected type: JSONObject");
        }

        JsonProperty? found = null;
        var count = 0;
        foreach (var p in b.EnumerateObject())
        {
            if (!allowed.Contains(p.Name))
            {
                throw RequestRejected.Malformed($"{path}: extraneous key [{p.Name}] is not permitted");
            }

            found = p;
            count++;
        }

        if (count != 1)
        {
            throw RequestRejected.Validation($"The union at {path} must have exactly one member set, but {count} were set.");
        }

        return found!.Value;
    }

    public static Block ParseContentBlock(JsonElement b, string path)
    {
        var member = SingleMember(b, path, BlockMembers);
        var v = member.Value;
        switch (member.Name)
        {
            case "text":
                var text = v.ValueKind == JsonValueKind.String ? v.GetString()! : throw RequestRejected.Malformed($"{path}.text: expected type: String");
                if (string.IsNullOrWhiteSpace(text))
                {
                    throw RequestRejected.Validation($"The text field in the ContentBlock object at {path} is blank. Add text to the text field, and try again.");
                }

                return new Block { Kind = BlockKind.Text, Text = text };
            case "image":
                return MediaParser.ParseImage(v, path + ".image");
            case "document":
                return MediaParser.ParseDocument(v, path + ".document");
            case "video":
            case "audio":
                RequireString(v, "format", $"{path}.{member.Name}");
                return new Block { Kind = BlockKind.Media, Format = v.GetProperty("format").GetString(), Text = "" };
            case "toolUse":
                return ParseToolUse(v, path + ".toolUse");
            case "toolResult":
                return ParseToolResult(v, path + ".toolResult");
            case "cachePoint":
                return ParseCachePoint(v, path + ".cachePoint");
            case "reasoningContent":
                return ParseReasoning(v, path + ".reasoningContent");
            case "guardContent":
                var gt = v.TryGetProperty("text", out var gte) && gte.TryGetProperty("text", out var gtt) ? gtt.GetString() ?? "" : "";
                return new Block { Kind = BlockKind.GuardContent, Text = gt };
            default:
                return new Block { Kind = BlockKind.Other };
        }
    }

    private static Block ParseToolUse(JsonElement v, string path)
    {
        var id = RequireString(v, "toolUseId", path);
        var name = RequireString(v, "name", path);
        if (id.Length > 64 || !ToolNames.IsValidToolUseId(id))
        {
            throw RequestRejected.Constraint(id, path + ".toolUseId", "Member must satisfy regular expression pattern: [a-zA-Z0-9_.:-]+");
        }

        if (!v.TryGetProperty("input", out var input))
        {
            throw RequestRejected.Validation($"The input field in the ToolUseBlock object at {path} is missing. Add input to the toolUse block, and try again.");
        }

        if (input.ValueKind != JsonValueKind.Object)
        {
            throw RequestRejected.Validation($"The input field in the ToolUseBlock object at {path} must be a JSON object.");
        }

        return new Block { Kind = BlockKind.ToolUse, ToolUseId = id, ToolName = name, InputJson = input.GetRawText(), Text = input.GetRawText() };
    }

    private static readonly HashSet<string> ToolResultMembers = new(StringComparer.Ordinal) { "json", "text", "image", "document", "video", "searchResult" };

    private static Block ParseToolResult(JsonElement v, string path)
    {
        var id = RequireString(v, "toolUseId", path);
        if (!v.TryGetProperty("content", out var content) || content.ValueKind != JsonValueKind.Array)
        {
            throw RequestRejected.Validation($"The content field in the ToolResultBlock object at {path} is missing.");
        }

        string? status = null;
        if (v.TryGetProperty("status", out var st))
        {
            status = st.GetString();
            if (status is not ("success" or "error"))
            {
                throw RequestRejected.Constraint(status ?? "null", path + ".status", "Member must satisfy enum value set: [success, error]");
            }
        }

        var texts = new List<string>();
        var k = 0;
        foreach (var item in content.EnumerateArray())
        {
            var member = SingleMember(item, $"{path}.content.{k}", ToolResultMembers);
            switch (member.Name)
            {
                case "text":
                    texts.Add(member.Value.GetString() ?? "");
                    break;
                case "json":
                    texts.Add(member.Value.GetRawText());
                    break;
                case "image":
                    texts.Add(MediaParser.ParseImage(member.Value, $"{path}.content.{k}.image").Text);
                    break;
                default:
                    texts.Add("[" + member.Name + "]");
                    break;
            }

            k++;
        }

        return new Block { Kind = BlockKind.ToolResult, ToolUseId = id, Text = string.Join(" ", texts), Status = status };
    }

    private static Block ParseCachePoint(JsonElement v, string path)
    {
        var type = RequireString(v, "type", path);
        if (type != "default")
        {
            throw RequestRejected.Constraint(type, path + ".type", "Member must satisfy enum value set: [default]");
        }

        string? ttlValue = null;
        if (v.TryGetProperty("ttl", out var ttl))
        {
            ttlValue = ttl.ValueKind == JsonValueKind.String ? ttl.GetString() : null;
            if (ttlValue is not ("5m" or "1h"))
            {
                throw RequestRejected.Constraint(ttl.ToString(), path + ".ttl", "Member must satisfy enum value set: [5m, 1h]");
            }
        }

        return new Block { Kind = BlockKind.CachePoint, Ttl = ttlValue };
    }

    private static readonly HashSet<string> ReasoningMembers = new(StringComparer.Ordinal) { "reasoningText", "redactedContent" };

    private static Block ParseReasoning(JsonElement v, string path)
    {
        var member = SingleMember(v, path, ReasoningMembers);
        if (member.Name == "redactedContent")
        {
            return new Block { Kind = BlockKind.Reasoning, Redacted = true, Text = "" };
        }

        var text = RequireString(member.Value, "text", path + ".reasoningText");
        string? signature = member.Value.TryGetProperty("signature", out var sig) ? sig.GetString() : null;
        return new Block { Kind = BlockKind.Reasoning, Text = text, Signature = signature };
    }

    private static readonly HashSet<string> SystemMembers = new(StringComparer.Ordinal) { "text", "guardContent", "cachePoint" };

    private static Block ParseSystemBlock(JsonElement s, int i)
    {
        var path = $"system.{i}";
        var member = SingleMember(s, path, SystemMembers);
        switch (member.Name)
        {
            case "text":
                var text = member.Value.GetString();
                if (string.IsNullOrWhiteSpace(text))
                {
                    throw RequestRejected.Validation($"The text field in the SystemContentBlock object at {path} is blank. Add text to the text field, and try again.");
                }

                return new Block { Kind = BlockKind.Text, Text = text };
            case "cachePoint":
                return ParseCachePoint(member.Value, path + ".cachePoint");
            default:
                return new Block { Kind = BlockKind.GuardContent, Text = "" };
        }
    }

    private static void ParseInferenceConfig(JsonElement v, Conversation c)
    {
        foreach (var p in v.EnumerateObject())
        {
            switch (p.Name)
            {
                case "maxTokens":
                    if (p.Value.ValueKind != JsonValueKind.Number || !p.Value.TryGetInt32(out var max))
                    {
                        throw RequestRejected.Malformed("#/inferenceConfig/maxTokens: expected type: Integer");
                    }

                    if (max < 1)
                    {
                        throw RequestRejected.Constraint(max.ToString(), "inferenceConfig.maxTokens", "Member must have value greater than or equal to 1");
                    }

                    c.MaxTokens = max;
                    break;
                case "temperature":
                case "topP":
                    var d = p.Value.ValueKind == JsonValueKind.Number ? p.Value.GetDouble() : throw RequestRejected.Malformed($"#/inferenceConfig/{p.Name}: expected type: Number");
                    if (d < 0)
                    {
                        throw RequestRejected.Constraint(p.Value.GetRawText(), "inferenceConfig." + p.Name, "Member must have value greater than or equal to 0");
                    }

                    if (d > 1)
                    {
                        throw RequestRejected.Constraint(p.Value.GetRawText(), "inferenceConfig." + p.Name, "Member must have value less than or equal to 1");
                    }

                    if (p.Name == "temperature") c.Temperature = d;
                    break;
                case "stopSequences":
                    RequireArray(p.Value, "inferenceConfig.stopSequences");
                    foreach (var s in p.Value.EnumerateArray())
                    {
                        var seq = s.GetString();
                        if (string.IsNullOrEmpty(seq))
                        {
                            throw RequestRejected.Constraint("", "inferenceConfig.stopSequences.member", "Member must have length greater than or equal to 1");
                        }

                        c.StopSequences.Add(seq);
                    }

                    break;
                default:
                    throw RequestRejected.Malformed($"#/inferenceConfig: extraneous key [{p.Name}] is not permitted");
            }
        }
    }

    private static void ParseToolConfig(JsonElement v, Conversation c)
    {
        if (!v.TryGetProperty("tools", out var tools) || tools.ValueKind != JsonValueKind.Array || tools.GetArrayLength() == 0)
        {
            throw RequestRejected.Constraint("[]", "toolConfig.tools", "Member must have length greater than or equal to 1");
        }

        c.Tools = [];
        var i = 0;
        foreach (var t in tools.EnumerateArray())
        {
            var path = $"toolConfig.tools.{i++}";
            if (t.TryGetProperty("cachePoint", out var cachePoint))
            {
                var point = ParseCachePoint(cachePoint, path + ".cachePoint");
                c.ToolCachePoints.Add((c.Tools.Count, point.Ttl));
                continue;
            }

            if (!t.TryGetProperty("toolSpec", out var spec))
            {
                throw RequestRejected.Validation($"The tool at {path} must define toolSpec.");
            }

            var name = RequireString(spec, "name", path + ".toolSpec");
            if (!ToolNames.IsValidName(name))
            {
                throw RequestRejected.Constraint(name, path + ".toolSpec.name", "Member must satisfy regular expression pattern: [a-zA-Z0-9_-]+");
            }

            if (!spec.TryGetProperty("inputSchema", out var schema) || !schema.TryGetProperty("json", out var json) || json.ValueKind != JsonValueKind.Object)
            {
                throw RequestRejected.Validation($"The inputSchema field in the ToolSpecification object at {path}.toolSpec is missing or its json member is not an object.");
            }

            foreach (var existing in c.Tools)
            {
                if (existing.Name == name)
                {
                    throw RequestRejected.Validation($"The toolConfig field contains duplicate tool names: {name}. Tool names must be unique.");
                }
            }

            var description = spec.TryGetProperty("description", out var d) ? d.GetString() : null;
            c.Tools.Add(new ToolDef(name, description, json.Clone()));
        }

        if (v.TryGetProperty("toolChoice", out var choice))
        {
            var member = SingleMember(choice, "toolConfig.toolChoice", new HashSet<string>(StringComparer.Ordinal) { "auto", "any", "tool" });
            c.ToolChoice = member.Name switch { "any" => ToolChoiceKind.Any, "tool" => ToolChoiceKind.Tool, _ => ToolChoiceKind.Auto };
            if (c.ToolChoice == ToolChoiceKind.Tool)
            {
                c.ToolChoiceName = RequireString(member.Value, "name", "toolConfig.toolChoice.tool");
                if (!c.Tools.Exists(t => t.Name == c.ToolChoiceName))
                {
                    throw RequestRejected.Validation($"The tool {c.ToolChoiceName} specified in toolChoice isn't defined in toolConfig.tools.");
                }
            }
        }
    }

    private static void ParseOutputConfig(JsonElement v, Conversation c)
    {
        if (!v.TryGetProperty("textFormat", out var format))
        {
            return;
        }

        var type = RequireString(format, "type", "outputConfig.textFormat");
        if (type != "json_schema")
        {
            throw RequestRejected.Constraint(type, "outputConfig.textFormat.type", "Member must satisfy enum value set: [json_schema]");
        }

        if (!format.TryGetProperty("structure", out var structure) || !structure.TryGetProperty("jsonSchema", out var js))
        {
            throw RequestRejected.Validation("The outputConfig.textFormat.structure field must contain jsonSchema.");
        }

        var schemaText = RequireString(js, "schema", "outputConfig.textFormat.structure.jsonSchema");
        try
        {
            using var doc = JsonDocument.Parse(schemaText);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw RequestRejected.Validation("The provided JSON schema is invalid: the schema must be a JSON object.");
            }

            c.ResponseSchema = doc.RootElement.Clone();
        }
        catch (JsonException)
        {
            throw RequestRejected.Validation("The provided JSON schema is invalid: it isn't valid JSON.");
        }
    }

    public static string RequireString(JsonElement obj, string name, string path)
    {
        if (obj.ValueKind != JsonValueKind.Object || !obj.TryGetProperty(name, out var v) || v.ValueKind != JsonValueKind.String)
        {
            throw RequestRejected.Constraint("null", path + "." + name, "Member must not be null");
        }

        return v.GetString()!;
    }

    private static void RequireArray(JsonElement v, string path)
    {
        if (v.ValueKind != JsonValueKind.Array)
        {
            throw RequestRejected.Malformed($"#/{path.Replace('.', '/')}: expected type: JSONArray, found: {v.ValueKind}");
        }
    }
}
