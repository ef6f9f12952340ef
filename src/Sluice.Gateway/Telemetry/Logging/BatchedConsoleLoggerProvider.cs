using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Sluice.Gateway.Telemetry.Logging;

/// <summary>
/// Prints log records to stdout as Microsoft's console logger does (same formatters, same scopes), but batched: no
/// thread wake-up and no write per record (see docs/observability.md, "How console output is written").
/// </summary>
[ProviderAlias("Console")]
public sealed class BatchedConsoleLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentDictionary<string, BatchedConsoleLogger> _loggers = new(StringComparer.Ordinal);
    private readonly ConsoleFormatter _formatter;
    private readonly BatchedConsoleWriter _writer;
    private readonly Func<IExternalScopeProvider?> _scopes;
    private IExternalScopeProvider? _scopeProvider;

    /// <summary>Writes to this process's stdout with the formatter named by <see cref="ConsoleLoggerOptions.FormatterName"/>.</summary>
    public BatchedConsoleLoggerProvider(IOptionsMonitor<ConsoleLoggerOptions> options, IEnumerable<ConsoleFormatter> formatters, BatchedConsoleOptions batching)
        : this(Choose(options.CurrentValue.FormatterName, formatters), new BatchedConsoleWriter(Console.OpenStandardOutput(), batching))
    {
    }

    internal BatchedConsoleLoggerProvider(ConsoleFormatter formatter, BatchedConsoleWriter writer)
    {
        _formatter = formatter;
        _writer = writer;
        _scopes = () => _scopeProvider;
    }

    internal BatchedConsoleWriter Writer => _writer;

    internal ConsoleFormatter Formatter => _formatter;

    public ILogger CreateLogger(string categoryName) =>
        _loggers.GetOrAdd(categoryName, static (name, self) => new BatchedConsoleLogger(name, self._formatter, self._writer, self._scopes), this);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopeProvider = scopeProvider;

    /// <summary>Writes everything still buffered, then stops the writer thread.</summary>
    public void Dispose() => _writer.Dispose();

    /// <summary>The named formatter, else the simple one (as Microsoft's provider falls back).</summary>
    internal static ConsoleFormatter Choose(string? name, IEnumerable<ConsoleFormatter> formatters)
    {
        ConsoleFormatter? simple = null;
        foreach (var formatter in formatters)
        {
            if (string.Equals(formatter.Name, name ?? ConsoleFormatterNames.Simple, StringComparison.OrdinalIgnoreCase)) return formatter;
            if (formatter.Name == ConsoleFormatterNames.Simple) simple = formatter;
        }

        return simple ?? throw new InvalidOperationException($"No console formatter named '{name}' is registered (call AddSimpleConsole or AddJsonConsole first).");
    }
}
