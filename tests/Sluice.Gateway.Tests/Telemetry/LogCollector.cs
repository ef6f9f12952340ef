using Microsoft.Extensions.Logging;

namespace Sluice.Gateway.Tests.Telemetry;

/// <summary>
/// A logger provider that keeps every record with its structured fields, and lets a test await the record it expects
/// (access-log lines are written on the request's thread, possibly after the answer reached the client).
/// </summary>
public sealed class LogCollector : ILoggerProvider
{
    private readonly List<Entry> _entries = [];
    private readonly object _gate = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>One record: category, event id, the formatted message and the template's fields.</summary>
    public sealed record Entry(string Category, int EventId, string Message, IReadOnlyDictionary<string, object?> Fields);

    public IReadOnlyList<Entry> Entries
    {
        get
        {
            lock (_gate) return [.. _entries];
        }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, this);

    /// <summary>The first record matching <paramref name="match"/>; fails after 10 seconds.</summary>
    public async Task<Entry> WaitForAsync(Func<Entry, bool> match)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (_entries.FirstOrDefault(match) is { } found) return found;
                changed = _changed.Task;
            }

            try
            {
                await changed.WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new Xunit.Sdk.XunitException("No such log record; there are:\n" + string.Join('\n', Entries.Select(e => e.Category + ": " + e.Message)));
            }
        }
    }

    public void Dispose()
    {
    }

    private void Add(Entry entry)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            _entries.Add(entry);
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }

    private sealed class Logger(string category, LogCollector owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var fields = new Dictionary<string, object?>(StringComparer.Ordinal);
            if (state is IEnumerable<KeyValuePair<string, object?>> pairs)
            {
                foreach (var (key, value) in pairs) fields[key] = value;
            }

            owner.Add(new Entry(category, eventId.Id, formatter(state, exception), fields));
        }
    }
}
