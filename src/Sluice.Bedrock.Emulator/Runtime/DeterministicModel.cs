using System.Text;
using System.Text.Json;

namespace Sluice.Bedrock.Emulator;

/// <summary>A predictable "model": echoes the last user turn, calls tools on request, reasons when asked; tokens are words.</summary>
internal sealed class DeterministicModel
{
    public const string BlockedMessage = "Sorry, the model cannot answer this question.";
    private readonly PromptCache _cache = new();
    private long _toolUseCounter;

    public Reply Answer(Conversation c, FixtureModel model, string toolIdPrefix)
    {
        var reply = new Reply();
        _cache.Count(c, model, reply);
        var lastUser = LastUser(c);
        var userText = lastUser is null ? "" : JoinTexts(lastUser, includeToolResults: false);
        var toolResults = lastUser is null ? "" : ToolResultsText(lastUser);

        if (model.Knobs.Filter != OutputFilter.None)
        {
            reply.Text = BlockedMessage;
            reply.StopReason = model.Knobs.Filter == OutputFilter.GuardrailIntervened ? "guardrail_intervened" : "content_filtered";
            reply.OutputTokens = Words(reply.Text);
            return reply;
        }

        if (c.ThinkingEnabled)
        {
            reply.ReasoningText = "The user wrote: " + Truncate(userText.Length > 0 ? userText : toolResults, 12) + ". I will answer by echoing it.";
            reply.ReasoningSignature = ReasoningSigner.Sign(reply.ReasoningText);
            reply.OutputTokens += Words(reply.ReasoningText);
        }

        var calls = toolResults.Length > 0 && !userText.Contains("call ", StringComparison.Ordinal) ? [] : PickTools(c, userText);
        if (calls.Count > 0)
        {
            foreach (var (tool, args) in calls)
            {
                var id = toolIdPrefix + Interlocked.Increment(ref _toolUseCounter).ToString("D6") + CredentialStore.StableId(userText + tool.Name)[..10];
                var input = ToolInputBuilder.Build(tool.Schema, args);
                reply.ToolCalls.Add(new ToolCall(id, tool.Name, input));
                reply.OutputTokens += Words(tool.Name) + Words(input.Replace(",", ", ", StringComparison.Ordinal));
            }

            reply.StopReason = "tool_use";
            return reply;
        }

        string text;
        if (c.ResponseSchema is { } schema)
        {
            text = ToolInputBuilder.BuildFromSchema(schema, userText.Length > 0 ? userText : "echo text");
        }
        else if (toolResults.Length > 0)
        {
            text = userText.Length > 0 ? $"Tool result: {toolResults} {userText}" : $"Tool result: {toolResults}";
        }
        else
        {
            text = userText.Length > 0 ? userText : "OK";
        }

        foreach (var stop in c.StopSequences)
        {
            var at = text.IndexOf(stop, StringComparison.Ordinal);
            if (at >= 0)
            {
                text = text[..at];
                reply.StopReason = "stop_sequence";
                reply.StopSequence = stop;
            }
        }

        var words = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (c.MaxTokens is { } max && words.Length > max)
        {
            text = string.Join(' ', words, 0, max);
            reply.StopReason = "max_tokens";
            reply.StopSequence = null;
            words = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        }

        reply.Text = text;
        reply.OutputTokens += words.Length;
        return reply;
    }

    public static int Words(string? text)
    {
        if (string.IsNullOrEmpty(text)) return 0;
        var n = 0;
        var inWord = false;
        foreach (var ch in text)
        {
            if (char.IsWhiteSpace(ch))
            {
                inWord = false;
            }
            else if (!inWord)
            {
                inWord = true;
                n++;
            }
        }

        return n;
    }

    private static string Truncate(string text, int words)
    {
        var parts = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        return parts.Length <= words ? text.Trim() : string.Join(' ', parts, 0, words) + " ...";
    }

    private static Turn? LastUser(Conversation c)
    {
        for (var i = c.Messages.Count - 1; i >= 0; i--)
        {
            if (c.Messages[i].Role == "user") return c.Messages[i];
        }

        return null;
    }

    private static string JoinTexts(Turn turn, bool includeToolResults)
    {
        var sb = new StringBuilder();
        foreach (var b in turn.Blocks)
        {
            if (b.Kind is BlockKind.Text or BlockKind.Image or BlockKind.Document || (includeToolResults && b.Kind == BlockKind.ToolResult))
            {
                if (sb.Length > 0) sb.Append(' ');
                sb.Append(b.Text);
            }
        }

        return sb.ToString();
    }

    private static string ToolResultsText(Turn turn)
    {
        var sb = new StringBuilder();
        foreach (var b in turn.Blocks)
        {
            if (b.Kind != BlockKind.ToolResult) continue;
            if (sb.Length > 0) sb.Append(' ');
            sb.Append(b.Text);
        }

        return sb.ToString();
    }

    private static List<(ToolDef Tool, string Args)> PickTools(Conversation c, string userText)
    {
        var picked = new List<(ToolDef, string)>();
        if (c.Tools is null || c.Tools.Count == 0)
        {
            return picked;
        }

        // "call <name> k=v k2=v2" anywhere in the user text, in text order; several = parallel calls.
        var words = userText.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i + 1 < words.Length; i++)
        {
            if (!words[i].Equals("call", StringComparison.OrdinalIgnoreCase)) continue;
            var name = words[i + 1].TrimEnd(',', '.', ';');
            var tool = c.Tools.Find(t => t.Name == name);
            if (tool is null) continue;
            if (c.ToolChoice == ToolChoiceKind.Tool && tool.Name != c.ToolChoiceName) continue;
            var args = new StringBuilder();
            for (var k = i + 2; k < words.Length && !words[k].Equals("call", StringComparison.OrdinalIgnoreCase) && words[k].Contains('=', StringComparison.Ordinal); k++)
            {
                args.Append(words[k].TrimEnd(',', ';')).Append(' ');
            }

            picked.Add((tool, args.ToString()));
        }

        if (c.SingleToolUse && picked.Count > 1)
        {
            // disable_parallel_tool_use: the first call asked for is made; the rest wait for a later turn.
            picked.RemoveRange(1, picked.Count - 1);
        }

        if (picked.Count == 0)
        {
            if (c.ToolChoice == ToolChoiceKind.Tool)
            {
                picked.Add((c.Tools.Find(t => t.Name == c.ToolChoiceName)!, ""));
            }
            else if (c.ToolChoice == ToolChoiceKind.Any)
            {
                picked.Add((c.Tools[0], ""));
            }
        }

        return picked;
    }

    public static int CountInputTokens(Conversation c)
    {
        var total = 0;
        if (c.Tools is not null)
        {
            foreach (var t in c.Tools) total += Words(t.Name) + Words(t.Description);
        }

        foreach (var b in c.System) total += Words(b.Text);
        foreach (var m in c.Messages)
        {
            foreach (var b in m.Blocks)
            {
                total += b.Kind is BlockKind.Image or BlockKind.Document or BlockKind.Media ? Math.Max(1, Words(b.Text)) : Words(b.Text);
            }
        }

        return total;
    }

    internal static JsonElement EmptyObject { get; } = JsonDocument.Parse("{}").RootElement.Clone();
}
