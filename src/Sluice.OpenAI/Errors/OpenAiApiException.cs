using System.Globalization;
using System.Net;
using System.Text.Json;
using Sluice.OpenAI.Client;

namespace Sluice.OpenAI.Errors;

/// <summary>
/// An error answer of an OpenAI-shaped API (<c>{"error":{message,type,param,code}}</c> and its status), or a
/// transport failure (status 0). <see cref="OpenAiErrorMapper"/> turns it into the gateway's error.
/// </summary>
public sealed class OpenAiApiException(int status, string? type, string? code, string message, string? param = null, TimeSpan? retryAfter = null,
    Exception? inner = null) : Exception(message, inner)
{
    /// <summary>Error bodies are read up to this size: enough for any real error, bounded against a hostile upstream.</summary>
    private const int MaxErrorBody = 64 * 1024;

    /// <summary>The HTTP status; 0 when no answer arrived, 504 when none arrived in time.</summary>
    public int Status { get; } = status;

    /// <summary>The error's <c>type</c>, e.g. <c>invalid_request_error</c>, <c>insufficient_quota</c>.</summary>
    public string? Type { get; } = type;

    /// <summary>The error's <c>code</c>, e.g. <c>model_not_found</c>, <c>invalid_api_key</c>.</summary>
    public string? Code { get; } = code;

    public string? Param { get; } = param;

    /// <summary>From <c>retry-after-ms</c> or <c>retry-after</c>; null when the upstream gave none.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;

    /// <summary>Reads an error answer's body and headers.</summary>
    public static async Task<OpenAiApiException> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var retryAfter = RetryAfterOf(response);
        byte[] body;
        try
        {
            body = await ReadBoundedAsync(response.Content, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException)
        {
            body = [];
        }

        return FromBody(status, body, retryAfter);
    }

    /// <summary>An error from its JSON body (also used for the error events of a stream, with status 0 = mid-stream).</summary>
    public static OpenAiApiException FromBody(int status, ReadOnlySpan<byte> body, TimeSpan? retryAfter)
    {
        string? type = null, code = null, param = null, message = null;
        try
        {
            using var doc = JsonDocument.Parse(body.ToArray());
            var root = doc.RootElement;
            var error = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out var e) ? e : root;
            if (error.ValueKind == JsonValueKind.Object)
            {
                message = Text(error, "message");
                type = Text(error, "type");
                code = Text(error, "code");
                param = Text(error, "param");
            }
            else if (error.ValueKind == JsonValueKind.String)
            {
                // Some OpenAI-compatible servers (TGI, older Ollama) answer {"error": "text"}.
                message = error.GetString();
            }
        }
        catch (JsonException)
        {
            message = body.Length == 0 ? null : System.Text.Encoding.UTF8.GetString(body[..Math.Min(body.Length, 500)]);
        }

        return new OpenAiApiException(status, type, code, message ?? $"HTTP {status} with no error message", param, retryAfter);
    }

    public static OpenAiApiException Unreachable(IOpenAiEndpoint endpoint, HttpRequestException e) =>
        new(0, null, "upstream_unreachable", $"{endpoint.DisplayName} could not be reached ({endpoint.UpstreamName}): {e.Message}", inner: e);

    public static OpenAiApiException TimedOut(IOpenAiEndpoint endpoint, Exception e) =>
        new((int)HttpStatusCode.GatewayTimeout, null, "upstream_timeout", $"{endpoint.DisplayName} did not answer in time ({endpoint.UpstreamName}).", inner: e);

    /// <summary><c>retry-after-ms</c> (OpenAI's precise hint) wins over <c>retry-after</c> (seconds or an HTTP date).</summary>
    public static TimeSpan? RetryAfterOf(HttpResponseMessage response)
    {
        if (response.Headers.TryGetValues("retry-after-ms", out var ms)
            && double.TryParse(ms.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var millis) && millis >= 0)
        {
            return TimeSpan.FromMilliseconds(millis);
        }

        if (response.Headers.RetryAfter is { } header)
        {
            if (header.Delta is { } delta) return delta;
            if (header.Date is { } date) return date - DateTimeOffset.UtcNow is { } wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) ? v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Number => v.GetRawText(),
            _ => null,
        } : null;

    private static async Task<byte[]> ReadBoundedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var buffer = new byte[MaxErrorBody];
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(read), cancellationToken).ConfigureAwait(false);
            if (n == 0) break;
            read += n;
        }

        return buffer[..read];
    }
}
