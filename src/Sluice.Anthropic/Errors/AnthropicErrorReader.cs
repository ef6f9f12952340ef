using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Sluice.Anthropic.Errors;

/// <summary>Reads Anthropic's error JSON (<c>{"type":"error","error":{"type":…,"message":…}}</c>) and its headers.</summary>
public static class AnthropicErrorReader
{
    private const int MaxQuotedBody = 300;

    /// <summary>The error of a non-2xx answer; a body that is not Anthropic's JSON is quoted (cut short) as the message.</summary>
    public static AnthropicError FromResponse(int status, ReadOnlySpan<byte> body, HttpResponseHeaders? headers)
    {
        var (type, message) = FromBody(body) ?? (AnthropicErrorTypes.TypeOf(status), Quote(body, status));
        return new AnthropicError(status, type, message, headers is null ? null : RetryAfter(headers), RequestId(headers));
    }

    /// <summary>The error of a stream's <c>error</c> event, with the status Anthropic gives its type.</summary>
    public static AnthropicError FromEvent(ReadOnlySpan<byte> data, string? requestId)
    {
        var (type, message) = FromBody(data) ?? (AnthropicErrorTypes.Api, Quote(data, 0));
        return new AnthropicError(AnthropicErrorTypes.StatusOf(type), type, message, null, requestId);
    }

    public static string? RequestId(HttpResponseHeaders? headers) =>
        headers is not null && headers.TryGetValues("request-id", out var values) ? values.FirstOrDefault() : null;

    /// <summary><c>retry-after</c> in seconds (what Anthropic sends) or as an HTTP date.</summary>
    public static TimeSpan? RetryAfter(HttpResponseHeaders headers)
    {
        if (headers.RetryAfter is { } retry)
        {
            if (retry.Delta is { } delta) return delta;
            if (retry.Date is { } date) return date - DateTimeOffset.UtcNow is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        if (headers.TryGetValues("retry-after", out var values)
            && double.TryParse(values.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        return null;
    }

    private static (string Type, string Message)? FromBody(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            using var doc = JsonDocument.ParseValue(ref reader);
            if (doc.RootElement.ValueKind == JsonValueKind.Object
                && doc.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object
                && error.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String)
            {
                var message = error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : "";
                return (type.GetString()!, message);
            }
        }
        catch (JsonException)
        {
        }

        return null;
    }

    private static string Quote(ReadOnlySpan<byte> body, int status)
    {
        var text = Encoding.UTF8.GetString(body.Length > MaxQuotedBody ? body[..MaxQuotedBody] : body).Trim();
        if (text.Length == 0) return status == 0 ? "no answer" : $"HTTP {status} with an empty body";
        return body.Length > MaxQuotedBody ? text + "…" : text;
    }
}
