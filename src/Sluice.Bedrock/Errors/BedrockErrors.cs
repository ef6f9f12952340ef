using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Sluice.Bedrock.Errors;

/// <summary>Turns Bedrock error responses, stream exception frames and network failures into <see cref="BedrockError"/>.</summary>
public static class BedrockErrors
{
    /// <summary>Used when Bedrock throttles without saying how long to wait.</summary>
    public static readonly TimeSpan DefaultThrottleRetryAfter = TimeSpan.FromSeconds(1);

    private const int MaxRawMessageChars = 1000;

    /// <summary>The HTTP status Bedrock's model assigns to <paramref name="exceptionName"/>, else <paramref name="fallback"/>.</summary>
    public static int StatusFor(string exceptionName, int fallback) => exceptionName switch
    {
        BedrockExceptionNames.AccessDenied => 403,
        BedrockExceptionNames.Validation => 400,
        BedrockExceptionNames.Throttling => 429,
        BedrockExceptionNames.ModelNotReady => 429,
        BedrockExceptionNames.ModelTimeout => 408,
        BedrockExceptionNames.ModelError => 424,
        BedrockExceptionNames.ModelStreamError => 424,
        BedrockExceptionNames.ResourceNotFound => 404,
        BedrockExceptionNames.ServiceQuotaExceeded => 400,
        BedrockExceptionNames.Conflict => 400,
        BedrockExceptionNames.InternalServer => 500,
        BedrockExceptionNames.ServiceUnavailable => 503,
        _ => fallback,
    };

    /// <summary>Whether a request that failed with this exception may succeed if sent again (possibly elsewhere).</summary>
    public static bool IsRetryable(string exceptionName, int status) => exceptionName switch
    {
        BedrockExceptionNames.Throttling or BedrockExceptionNames.ServiceUnavailable or BedrockExceptionNames.InternalServer
            or BedrockExceptionNames.ModelNotReady or BedrockExceptionNames.ModelTimeout
            or BedrockExceptionNames.NetworkError or BedrockExceptionNames.Timeout
            or BedrockExceptionNames.StreamTruncated or BedrockExceptionNames.StreamCorrupted => true,
        BedrockExceptionNames.AccessDenied or BedrockExceptionNames.Validation or BedrockExceptionNames.ModelError
            or BedrockExceptionNames.ModelStreamError or BedrockExceptionNames.ResourceNotFound
            or BedrockExceptionNames.ServiceQuotaExceeded or BedrockExceptionNames.Conflict => false,
        // An unmodeled name: trust the status class, as SDK retry policies do.
        _ => status == 429 || status >= 500,
    };

    /// <summary>
    /// Parses an error response the way botocore does: the code from <c>x-amzn-ErrorType</c> (before the first ':',
    /// after the last '#'), else the body's <c>code</c>/<c>Code</c>/<c>__type</c>; the message from <c>message</c>/<c>Message</c>.
    /// </summary>
    public static BedrockError FromHttpResponse(
        int httpStatus,
        string? errorTypeHeader,
        ReadOnlySpan<byte> body,
        string? retryAfterHeader,
        DateTimeOffset now,
        string? requestId = null,
        string? region = null,
        string? modelId = null)
    {
        var fields = ReadBodyFields(body);
        var name = NormalizeCode(errorTypeHeader) ?? NormalizeCode(fields.Code) ?? NameForStatus(httpStatus);
        var message = fields.Message ?? RawMessage(body, httpStatus);
        var status = StatusFor(name, httpStatus);
        var retryAfter = ParseRetryAfter(retryAfterHeader, now) ?? DefaultRetryAfter(name, status);
        return new BedrockError(name, status, message, IsRetryable(name, status), retryAfter, requestId, region, modelId,
            fields.OriginalMessage);
    }

    /// <summary>A modeled exception frame (<c>:message-type exception</c>); <paramref name="exceptionType"/> is the lowerCamel member name.</summary>
    public static BedrockError FromStreamException(
        string exceptionType, ReadOnlySpan<byte> payload, string? requestId = null, string? region = null, string? modelId = null)
    {
        var name = exceptionType.Length > 0 && char.IsLower(exceptionType[0])
            ? string.Concat(char.ToUpperInvariant(exceptionType[0]).ToString(), exceptionType.AsSpan(1))
            : exceptionType;
        var fields = ReadBodyFields(payload);
        var status = StatusFor(name, 500);
        var message = fields.Message ?? RawMessage(payload, status);
        return new BedrockError(name, status, message, IsRetryable(name, status), DefaultRetryAfter(name, status),
            requestId, region, modelId, fields.OriginalMessage);
    }

    /// <summary>An unmodeled error frame (<c>:message-type error</c>) with <c>:error-code</c> and <c>:error-message</c>.</summary>
    public static BedrockError FromStreamError(
        string? errorCode, string? errorMessage, string? requestId = null, string? region = null, string? modelId = null)
    {
        var name = NormalizeCode(errorCode) ?? "UnknownError";
        var status = StatusFor(name, 500);
        return new BedrockError(name, status, string.IsNullOrEmpty(errorMessage) ? name : errorMessage,
            IsRetryable(name, status), DefaultRetryAfter(name, status), requestId, region, modelId);
    }

    /// <summary>Wraps a transport failure (refused connection, reset, timeout) as a retryable error.</summary>
    public static BedrockException FromNetwork(Exception exception, string? region = null, string? modelId = null, string? requestId = null)
    {
        var isTimeout = exception is TimeoutException or OperationCanceledException
            || exception.InnerException is TimeoutException
            || (exception.InnerException is SocketException se && se.SocketErrorCode == SocketError.TimedOut);
        var name = isTimeout ? BedrockExceptionNames.Timeout : BedrockExceptionNames.NetworkError;
        var status = isTimeout ? 504 : 502;
        var where = region is null ? "Bedrock" : "Bedrock in " + region;
        var message = isTimeout
            ? $"Timed out waiting for {where}."
            : $"Could not reach {where}: {exception.Message}";
        return new BedrockException(new BedrockError(name, status, message, true, null, requestId, region, modelId), exception);
    }

    /// <summary>A stream that ended inside a frame or before its terminal event.</summary>
    public static BedrockException Truncated(string detail, Exception? inner, string? requestId, string? region, string? modelId) =>
        new(new BedrockError(BedrockExceptionNames.StreamTruncated, 502,
            "The Bedrock response stream ended early: " + detail, true, null, requestId, region, modelId), inner);

    /// <summary>Parses Retry-After as delta-seconds or an HTTP date.</summary>
    public static TimeSpan? ParseRetryAfter(string? value, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        value = value.Trim();
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        if (DateTimeOffset.TryParseExact(value, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
        {
            var delta = date - now;
            return delta > TimeSpan.Zero ? delta : TimeSpan.Zero;
        }

        return null;
    }

    private static TimeSpan? DefaultRetryAfter(string name, int status) =>
        name == BedrockExceptionNames.Throttling || (status == 429 && name != BedrockExceptionNames.ModelNotReady)
            ? DefaultThrottleRetryAfter
            : null;

    /// <summary>botocore's rule: keep what precedes the first ':' and follows the last '#'.</summary>
    internal static string? NormalizeCode(string? code)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            return null;
        }

        var span = code.AsSpan().Trim();
        var colon = span.IndexOf(':');
        if (colon >= 0)
        {
            span = span[..colon];
        }

        var hash = span.LastIndexOf('#');
        if (hash >= 0)
        {
            span = span[(hash + 1)..];
        }

        return span.IsEmpty ? null : span.ToString();
    }

    private static string NameForStatus(int status) => status switch
    {
        400 => BedrockExceptionNames.Validation,
        403 => BedrockExceptionNames.AccessDenied,
        404 => BedrockExceptionNames.ResourceNotFound,
        408 => BedrockExceptionNames.ModelTimeout,
        424 => BedrockExceptionNames.ModelError,
        429 => BedrockExceptionNames.Throttling,
        503 => BedrockExceptionNames.ServiceUnavailable,
        >= 500 => BedrockExceptionNames.InternalServer,
        _ => "HttpStatus" + status.ToString(CultureInfo.InvariantCulture),
    };

    private static string RawMessage(ReadOnlySpan<byte> body, int status)
    {
        if (body.IsEmpty)
        {
            return "Bedrock answered HTTP " + status.ToString(CultureInfo.InvariantCulture) + " with no message.";
        }

        var text = Encoding.UTF8.GetString(body.Length > MaxRawMessageChars ? body[..MaxRawMessageChars] : body).Trim();
        return text.Length == 0 ? "Bedrock answered HTTP " + status.ToString(CultureInfo.InvariantCulture) + "." : text;
    }

    private static BodyFields ReadBodyFields(ReadOnlySpan<byte> body)
    {
        var result = default(BodyFields);
        if (body.IsEmpty)
        {
            return result;
        }

        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return result;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isMessage = reader.ValueTextEquals("message"u8) || reader.ValueTextEquals("Message"u8);
                var isCode = reader.ValueTextEquals("code"u8) || reader.ValueTextEquals("Code"u8) || reader.ValueTextEquals("__type"u8);
                var isOriginal = reader.ValueTextEquals("originalMessage"u8);
                reader.Read();
                if (reader.TokenType == JsonTokenType.String)
                {
                    if (isMessage)
                    {
                        result.Message ??= reader.GetString();
                    }
                    else if (isCode)
                    {
                        result.Code ??= reader.GetString();
                    }
                    else if (isOriginal)
                    {
                        result.OriginalMessage = reader.GetString();
                    }
                }
                else
                {
                    reader.Skip();
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON (e.g. an HTML page from a proxy): the caller falls back to the raw text.
        }

        return result;
    }

    private struct BodyFields
    {
        public string? Message;
        public string? Code;
        public string? OriginalMessage;
    }
}
