using System.Runtime.CompilerServices;
using System.Text;

namespace Sluice.Anthropic.Client;

/// <summary>
/// Splits a <c>text/event-stream</c> body into events (framing only; what an event means is the translators' business).
/// Follows the SSE rules Anthropic's stream needs: <c>event:</c> and <c>data:</c> fields, one optional space after the
/// colon, several data lines joined by <c>\n</c>, comment lines (<c>:</c>) ignored, an event ends at a blank line.
/// </summary>
public static class SseReader
{
    public static async IAsyncEnumerable<SseEvent> ReadAsync(Stream body, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(body, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, bufferSize: 8192, leaveOpen: true);
        string? name = null;
        StringBuilder? data = null;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (line.Length == 0)
            {
                if (data is not null) yield return new SseEvent(name ?? "", Encoding.UTF8.GetBytes(data.ToString()));
                name = null;
                data = null;
                continue;
            }

            if (line[0] == ':') continue;
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? "" : line[(colon + 1)..];
            if (value.StartsWith(' ')) value = value[1..];
            switch (field)
            {
                case "event":
                    name = value;
                    break;
                case "data":
                    if (data is null) data = new StringBuilder(value);
                    else data.Append('\n').Append(value);
                    break;
            }
        }

        if (data is not null) yield return new SseEvent(name ?? "", Encoding.UTF8.GetBytes(data.ToString()));
    }
}
