using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Sluice.Gateway.Json;

/// <summary>
/// A whole JSON answer written into a per-thread buffer, then sent with a Content-Length in one piece.
/// </summary>
/// <remarks>
/// Writing straight into the response and flushing sends a chunked body: Kestrel then needs a second send for the
/// terminating chunk once the handler returns, which also wakes the client twice. Buffered, the answer leaves in the
/// same write as its headers, when the handler returns. Use between <see cref="Begin"/> and <see cref="Send"/> without
/// awaiting anything: the buffer belongs to the thread.
/// </remarks>
internal static class JsonAnswer
{
    /// <summary>Buffers grown past this (a large embeddings answer) are not kept for the next answer.</summary>
    private const int KeepCapacity = 256 * 1024;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    /// <summary>The thread's JSON writer, empty, with the gateway's options.</summary>
    public static Utf8JsonWriter Begin()
    {
        var buffer = Buffer();
        var writer = t_writer ??= new Utf8JsonWriter(buffer, GatewayJson.WriterOptions);
        writer.Reset(buffer);
        return writer;
    }

    /// <summary>The thread's raw buffer, empty, for answers written without a <see cref="Utf8JsonWriter"/>.</summary>
    public static IBufferWriter<byte> BeginRaw() => Buffer();

    /// <summary>Flushes <paramref name="writer"/> (when given) and hands the buffered answer to the response, with its length.</summary>
    public static void Send(HttpResponse http, Utf8JsonWriter? writer = null)
    {
        writer?.Flush();
        var buffer = t_buffer!;
        Send(http, buffer.WrittenSpan);
        if (buffer.Capacity > KeepCapacity)
        {
            t_buffer = null;
            t_writer = null;
        }
    }

    /// <summary>Sends <paramref name="body"/> as the whole answer, with its length.</summary>
    public static void Send(HttpResponse http, ReadOnlySpan<byte> body)
    {
        http.ContentLength = body.Length;
        http.BodyWriter.Write(body);
    }

    private static ArrayBufferWriter<byte> Buffer()
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(4096);
        buffer.ResetWrittenCount();
        return buffer;
    }
}
