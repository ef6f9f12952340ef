using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace Sluice.Gateway.Telemetry.Logging;

/// <summary>
/// One category's logger: formats on the caller's thread with Microsoft's formatter into thread-local buffers, then
/// hands the encoded bytes to the shared writer. The formatter is the one <c>AddSimpleConsole</c> or
/// <c>AddJsonConsole</c> configured, so the text is what Microsoft's console logger prints.
/// </summary>
internal sealed class BatchedConsoleLogger(string category, ConsoleFormatter consoleFormatter, BatchedConsoleWriter writer, Func<IExternalScopeProvider?> scopes)
    : ILogger
{
    // Past this, a thread's buffers are given back after the record: one huge record (a stack trace) does not keep
    // its size on every thread that ever logged.
    private const int KeptChars = 4096;

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    [ThreadStatic]
    private static StringWriter? _text;

    [ThreadStatic]
    private static byte[]? _bytes;

    [ThreadStatic]
    private static Encoder? _encoder;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => scopes()?.Push(state) ?? NullScope.Instance;

    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel)) return;
        ArgumentNullException.ThrowIfNull(formatter);
        var text = _text ??= new StringWriter();
        var entry = new LogEntry<TState>(logLevel, category, eventId, state, exception, formatter);
        consoleFormatter.Write(in entry, scopes(), text);
        var chars = text.GetStringBuilder();
        if (chars.Length == 0) return;

        var bytes = _bytes;
        var max = Utf8.GetMaxByteCount(chars.Length);
        if (bytes is null || bytes.Length < max) _bytes = bytes = new byte[Math.Max(max, KeptChars)];
        var encoder = _encoder ??= Utf8.GetEncoder();
        var length = 0;
        foreach (var chunk in chars.GetChunks())
        {
            length += encoder.GetBytes(chunk.Span, bytes.AsSpan(length), flush: false);
        }

        length += encoder.GetBytes([], bytes.AsSpan(length), flush: true);
        chars.Clear();
        if (chars.Capacity > KeptChars)
        {
            chars.Capacity = KeptChars;
            _bytes = null;
        }

        writer.Append(bytes.AsSpan(0, length), logLevel);
    }

    private sealed class NullScope : IDisposable
    {
        public static readonly NullScope Instance = new();

        public void Dispose()
        {
        }
    }
}
