using System.Buffers;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Sluice.Core.Chat;
using static Sluice.Gateway.Telemetry.TelemetryNames;

namespace Sluice.Gateway.Telemetry;

/// <summary>
/// Prompts and answers as the GenAI conventions' JSON (<c>[{"role":…,"parts":[{"type":"text","content":…}]}]</c>),
/// recorded on spans only when <see cref="TelemetryOptions.CaptureMessageContent"/> opts in. Images are left out.
/// </summary>
internal static class MessageContent
{
    public static void TagInput(Activity activity, ChatRequest request)
    {
        if (!activity.IsAllDataRequested) return;
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var message in request.Messages)
            {
                json.WriteStartObject();
                json.WriteString("role", message.Role.ToString().ToLowerInvariant());
                json.WriteStartArray("parts");
                foreach (var part in message.Content)
                {
                    if (part is not TextPart text) continue;
                    json.WriteStartObject();
                    json.WriteString("type", "text");
                    json.WriteString("content", text.Text);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        activity.SetTag(InputMessages, Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    public static void TagOutput(Activity activity, string? text, FinishReason? finish)
    {
        if (!activity.IsAllDataRequested) return;
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            json.WriteStartObject();
            json.WriteString("role", "assistant");
            json.WriteStartArray("parts");
            if (text is not null)
            {
                json.WriteStartObject();
                json.WriteString("type", "text");
                json.WriteString("content", text);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            if (finish is { } reason) json.WriteString("finish_reason", GenAiInstruments.FinishReasonText(reason));
            json.WriteEndObject();
            json.WriteEndArray();
        }

        activity.SetTag(OutputMessages, Encoding.UTF8.GetString(buffer.WrittenSpan));
    }
}
