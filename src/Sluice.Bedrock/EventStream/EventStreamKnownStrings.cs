using System.Text;

namespace Sluice.Bedrock.EventStream;

/// <summary>Header values Bedrock repeats on every frame, decoded without allocating a new string each time.</summary>
internal static class EventStreamKnownStrings
{
    public const string Event = "event";
    public const string Exception = "exception";
    public const string Error = "error";
    public const string EventTypeHeader = ":event-type";
    public const string MessageTypeHeader = ":message-type";
    public const string ExceptionTypeHeader = ":exception-type";
    public const string ContentTypeHeader = ":content-type";
    public const string ErrorCodeHeader = ":error-code";
    public const string ErrorMessageHeader = ":error-message";

    private static readonly string[] Values =
    [
        Event, Exception, Error, "application/json",
        "messageStart", "contentBlockStart", "contentBlockDelta", "contentBlockStop", "messageStop", "metadata", "chunk",
        "throttlingException", "validationException", "internalServerException", "modelStreamErrorException",
        "serviceUnavailableException", "modelTimeoutException",
    ];

    private static readonly byte[][] Utf8 = Array.ConvertAll(Values, Encoding.UTF8.GetBytes);

    public static string GetString(ReadOnlySpan<byte> utf8)
    {
        for (var i = 0; i < Utf8.Length; i++)
        {
            if (utf8.SequenceEqual(Utf8[i]))
            {
                return Values[i];
            }
        }

        return Encoding.UTF8.GetString(utf8);
    }
}
