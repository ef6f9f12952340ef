using System.Collections;
using System.Diagnostics;

namespace Sluice.Gateway.Tests.Telemetry;

/// <summary>
/// The in-memory exporter's target: a thread-safe list of ended spans that a test can await by predicate (spans end on
/// other threads, the server span after the response has reached the client).
/// </summary>
public sealed class SpanCollector : ICollection<Activity>
{
    private readonly List<Activity> _spans = [];
    private readonly object _gate = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Count
    {
        get
        {
            lock (_gate) return _spans.Count;
        }
    }

    public bool IsReadOnly => false;

    public void Add(Activity item)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            _spans.Add(item);
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }

    /// <summary>The spans of one trace once <paramref name="done"/> holds for them; fails after 10 seconds.</summary>
    public async Task<List<Activity>> WaitForTraceAsync(ActivityTraceId trace, Func<List<Activity>, bool> done)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            Task changed;
            List<Activity> spans;
            lock (_gate)
            {
                spans = _spans.Where(s => s.TraceId == trace).ToList();
                changed = _changed.Task;
            }

            if (done(spans)) return spans;
            try
            {
                await changed.WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new Xunit.Sdk.XunitException($"Trace {trace} did not complete; it has: {string.Join(", ", spans.Select(s => s.Kind + " " + s.DisplayName))}");
            }
        }
    }

    public void Clear()
    {
        lock (_gate) _spans.Clear();
    }

    public bool Contains(Activity item)
    {
        lock (_gate) return _spans.Contains(item);
    }

    public void CopyTo(Activity[] array, int arrayIndex)
    {
        lock (_gate) _spans.CopyTo(array, arrayIndex);
    }

    public bool Remove(Activity item)
    {
        lock (_gate) return _spans.Remove(item);
    }

    public IEnumerator<Activity> GetEnumerator()
    {
        lock (_gate) return _spans.ToList().GetEnumerator();
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
