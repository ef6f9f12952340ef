using System.Text;
using System.Text.Json;
using Sluice.Core.Chat;
using Sluice.Core.Errors;

namespace Sluice.Bedrock.Converse;

/// <summary>FromConverseResponse: reads a Converse response body into a neutral <see cref="ChatResponse"/>.</summary>
public static class ConverseResponseReader
{
    /// <summary>Parses <paramref name="json"/>; a body that is not a Converse response is a 502.</summary>
    public static ChatResponse Read(ReadOnlySpan<byte> json, UpstreamInfo upstream)
    {
        try
        {
            return ReadCore(json, upstream);
        }
        catch (JsonException e)
        {
            throw new GatewayException(new GatewayError(502, ErrorTypes.Upstream, "invalid_upstream_response",
                $"Bedrock returned a Converse response that could not be read: {e.Message}", Upstream: "bedrock:" + upstream.Region), e);
        }
    }

    private static ChatResponse ReadCore(ReadOnlySpan<byte> json, UpstreamInfo upstream)
    {
        var reader = new Utf8JsonReader(json);
        var content = new ResponseContent();
        var finish = FinishReason.Stop;
        Usage? usage = null;
        var sawStop = false;
        reader.Read();
        Expect(ref reader, JsonTokenType.StartObject);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("output"u8))
            {
                reader.Read();
                ReadOutput(ref reader, content);
            }
            else if (reader.ValueTextEquals("stopReason"u8))
            {
                reader.Read();
                Expect(ref reader, JsonTokenType.String);
                finish = ConverseStopReason.ToFinishReason(reader.ValueSpan);
                sawStop = true;
            }
            else if (reader.ValueTextEquals("usage"u8))
            {
                reader.Read();
                Expect(ref reader, JsonTokenType.StartObject);
                usage = ConverseUsageReader.Read(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (!sawStop || usage is null)
        {
            throw new JsonException("stopReason or usage is missing");
        }

        return new ChatResponse
        {
            Text = content.Text?.ToString(),
            ToolCalls = content.ToolCalls,
            Reasoning = content.Reasoning(),
            FinishReason = finish,
            Usage = usage,
            Upstream = upstream,
        };
    }

    private static void ReadOutput(ref Utf8JsonReader reader, ResponseContent content)
    {
        Expect(ref reader, JsonTokenType.StartObject);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!reader.ValueTextEquals("message"u8))
            {
                reader.Read();
                reader.Skip();
                continue;
            }

            reader.Read();
            Expect(ref reader, JsonTokenType.StartObject);
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("content"u8))
                {
                    reader.Read();
                    Expect(ref reader, JsonTokenType.StartArray);
                    while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
                    {
                        ReadBlock(ref reader, content);
                    }
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }
    }

    /// <summary>One content block union; unknown members (citations, images...) are skipped.</summary>
    private static void ReadBlock(ref Utf8JsonReader reader, ResponseContent content)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("text"u8))
            {
                reader.Read();
                (content.Text ??= new StringBuilder()).Append(reader.GetString());
            }
            else if (reader.ValueTextEquals("toolUse"u8))
            {
                reader.Read();
                ReadToolUse(ref reader, content);
            }
            else if (reader.ValueTextEquals("reasoningContent"u8))
            {
                reader.Read();
                ReadReasoning(ref reader, content);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    private static void ReadToolUse(ref Utf8JsonReader reader, ResponseContent content)
    {
        Expect(ref reader, JsonTokenType.StartObject);
        string? id = null, name = null, input = null;
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
            else if (reader.ValueTextEquals("input"u8))
            {
                reader.Read();
                using var doc = JsonDocument.ParseValue(ref reader);
                input = ConverseRequestWriter.CompactJson(doc.RootElement);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (id is null || name is null)
        {
            throw new JsonException("toolUse without toolUseId or name");
        }

        (content.ToolCalls ??= []).Add(new ToolCall(id, name, input ?? "{}"));
    }

    private static void ReadReasoning(ref Utf8JsonReader reader, ResponseContent content)
    {
        Expect(ref reader, JsonTokenType.StartObject);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("reasoningText"u8))
            {
                reader.Read();
                Expect(ref reader, JsonTokenType.StartObject);
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (reader.ValueTextEquals("text"u8))
                    {
                        reader.Read();
                        (content.ReasoningText ??= new StringBuilder()).Append(reader.GetString());
                    }
                    else if (reader.ValueTextEquals("signature"u8))
                    {
                        reader.Read();
                        content.Signature = reader.GetString();
                    }
                    else
                    {
                        reader.Read();
                        reader.Skip();
                    }
                }
            }
            else if (reader.ValueTextEquals("redactedContent"u8))
            {
                reader.Read();
                content.Redacted = reader.GetString();
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type)
    {
        if (reader.TokenType != type)
        {
            throw new JsonException($"expected {type} but found {reader.TokenType}");
        }
    }

    private sealed class ResponseContent
    {
        public StringBuilder? Text;
        public List<ToolCall>? ToolCalls;
        public StringBuilder? ReasoningText;
        public string? Signature;
        public string? Redacted;

        public ReasoningContent? Reasoning() =>
            ReasoningText is null && Redacted is null ? null : new ReasoningContent(ReasoningText?.ToString(), Signature, Redacted);
    }
}
