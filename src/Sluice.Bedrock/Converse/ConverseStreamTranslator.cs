using System.Text.Json;
using Sluice.Core.Chat;
using Sluice.Core.Errors;

namespace Sluice.Bedrock.Converse;

/// <summary>
/// FromConverseStreamEvent: turns one decoded ConverseStream event (its <c>:event-type</c> and JSON payload) into
/// neutral stream updates. Framing (prelude, CRCs) is the event-stream decoder's job; this class sees only events.
/// Tool-call argument fragments are passed on as they come, never buffered.
/// </summary>
public static class ConverseStreamTranslator
{
    /// <summary>Appends the updates that <paramref name="eventType"/>'s payload yields to <paramref name="updates"/>.</summary>
    /// <exception cref="GatewayException">A 502 when the payload is not what ConverseStream sends.</exception>
    public static void FromConverseStreamEvent(string? eventType, ReadOnlySpan<byte> payload, ConverseStreamState state, List<ChatStreamUpdate> updates)
    {
        try
        {
            switch (eventType)
            {
                case "contentBlockDelta":
                    ReadDelta(payload, state, updates);
                    break;
                case "contentBlockStart":
                    ReadStart(payload, state, updates);
                    break;
                case "messageStop":
                    ReadStop(payload, state, updates);
                    break;
                case "metadata":
                    ReadMetadata(payload, state, updates);
                    break;
                default:
                    // messageStart, contentBlockStop and future events carry nothing OpenAI chunks need.
                    break;
            }
        }
        catch (JsonException e)
        {
            throw Malformed($"could not read a '{eventType}' event: {e.Message}");
        }
    }

    private static void ReadStart(ReadOnlySpan<byte> payload, ConverseStreamState state, List<ChatStreamUpdate> updates)
    {
        var reader = new Utf8JsonReader(payload);
        int blockIndex = -1;
        string? id = null, name = null;
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("contentBlockIndex"u8))
            {
                reader.Read();
                blockIndex = reader.GetInt32();
            }
            else if (reader.ValueTextEquals("start"u8))
            {
                reader.Read();
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var isToolUse = reader.ValueTextEquals("toolUse"u8);
                    reader.Read();
                    if (!isToolUse)
                    {
                        reader.Skip();
                        continue;
                    }

                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        if (reader.ValueTextEquals("toolUseId"u8))
                        {
                            reader.Read();
                            id = reader.GetString();
                        }
                        else if (reader.ValueTextEquals("name"u8))
                        {
                            reader.Read();
                            name = reader.GetString();
                        }
                        else
                        {
                            reader.Read();
                            reader.Skip();
                        }
                    }
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (id is null || name is null)
        {
            return;
        }

        updates.Add(ChatStreamUpdate.ToolCallStart(state.StartTool(blockIndex), id, name));
    }

    private static void ReadDelta(ReadOnlySpan<byte> payload, ConverseStreamState state, List<ChatStreamUpdate> updates)
    {
        var reader = new Utf8JsonReader(payload);
        int blockIndex = -1;
        string? text = null, toolInput = null, reasoning = null, signature = null;
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("contentBlockIndex"u8))
            {
                reader.Read();
                blockIndex = reader.GetInt32();
            }
            else if (reader.ValueTextEquals("delta"u8))
            {
                reader.Read();
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (reader.ValueTextEquals("text"u8))
                    {
                        reader.Read();
                        text = reader.GetString();
                    }
                    else if (reader.ValueTextEquals("toolUse"u8))
                    {
                        reader.Read();
                        toolInput = ReadMember(ref reader, "input"u8);
                    }
                    else if (reader.ValueTextEquals("reasoningContent"u8))
                    {
                        reader.Read();
                        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                        {
                            if (reader.ValueTextEquals("text"u8))
                            {
                                reader.Read();
                                reasoning = reader.GetString();
                            }
                            else if (reader.ValueTextEquals("signature"u8))
                            {
                                reader.Read();
                                signature = reader.GetString();
                            }
                            else
                            {
                                // redactedContent has no OpenAI chunk to travel in.
                                reader.Read();
                                reader.Skip();
                            }
                        }
                    }
                    else
                    {
                        reader.Read();
                        reader.Skip();
                    }
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        // contentBlockIndex may follow the delta in the payload, so updates are emitted only once both are read.
        if (!string.IsNullOrEmpty(text))
        {
            updates.Add(ChatStreamUpdate.TextDelta(text));
        }

        if (!string.IsNullOrEmpty(reasoning))
        {
            updates.Add(ChatStreamUpdate.ReasoningDelta(reasoning));
        }

        if (!string.IsNullOrEmpty(signature))
        {
            updates.Add(ChatStreamUpdate.ReasoningSignatureDelta(signature));
        }

        if (!string.IsNullOrEmpty(toolInput))
        {
            var toolIndex = state.ToolIndexOf(blockIndex);
            if (toolIndex < 0)
            {
                throw Malformed($"tool input arrived for content block {blockIndex}, which started no tool call");
            }

            updates.Add(ChatStreamUpdate.ToolCallArguments(toolIndex, toolInput));
        }
    }

    private static void ReadStop(ReadOnlySpan<byte> payload, ConverseStreamState state, List<ChatStreamUpdate> updates)
    {
        var reader = new Utf8JsonReader(payload);
        var reason = FinishReason.Stop;
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("stopReason"u8))
            {
                reader.Read();
                reason = ConverseStopReason.ToFinishReason(reader.ValueSpan);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        state.FinishReason = reason;
        updates.Add(ChatStreamUpdate.Finish(reason));
    }

    private static void ReadMetadata(ReadOnlySpan<byte> payload, ConverseStreamState state, List<ChatStreamUpdate> updates)
    {
        var reader = new Utf8JsonReader(payload);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("usage"u8))
            {
                reader.Read();
                var usage = ConverseUsageReader.Read(ref reader);
                state.UsageReported = true;
                updates.Add(ChatStreamUpdate.UsageReport(usage));
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    /// <summary>Reads one string member of the object the reader is on, skipping the rest.</summary>
    private static string? ReadMember(ref Utf8JsonReader reader, ReadOnlySpan<byte> name)
    {
        string? value = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var match = reader.ValueTextEquals(name);
            reader.Read();
            if (match && reader.TokenType == JsonTokenType.String)
            {
                value = reader.GetString();
            }
            else
            {
                reader.Skip();
            }
        }

        return value;
    }

    private static GatewayException Malformed(string detail) =>
        new(new GatewayError(502, ErrorTypes.Upstream, "invalid_upstream_stream", "Bedrock sent a ConverseStream event that could not be read: " + detail + "."));
}
