using System.Collections.Concurrent;

namespace Sluice.Bedrock.Emulator;

/// <summary>Thread-safe call counters and the last requests seen, for assertions.</summary>
public sealed class EmulatorStats
{
    private const int HistoryLimit = 256;
    private readonly ConcurrentDictionary<string, long> _ops = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<RequestRecord> _history = new();
    private long _assumeRole;
    private long _callerIdentity;
    private long _total;
    private RequestRecord? _last;

    /// <summary>STS AssumeRole calls received (including failed ones).</summary>
    public long StsAssumeRoleCalls => Interlocked.Read(ref _assumeRole);

    /// <summary>STS GetCallerIdentity calls received.</summary>
    public long StsCallerIdentityCalls => Interlocked.Read(ref _callerIdentity);

    /// <summary>All requests received.</summary>
    public long TotalRequests => Interlocked.Read(ref _total);

    /// <summary>The last completed request.</summary>
    public RequestRecord? LastRequest => Volatile.Read(ref _last);

    /// <summary>The most recent requests (up to 256), oldest first.</summary>
    public IReadOnlyList<RequestRecord> RecentRequests => _history.ToArray();

    /// <summary>Calls of one operation (Converse, ConverseStream, InvokeModel, InvokeModelWithResponseStream, CountTokens, GetInferenceProfile, AssumeRole, GetCallerIdentity).</summary>
    public long Calls(string operation) => _ops.TryGetValue(operation, out var n) ? n : 0;

    /// <summary>Runtime calls of one operation (same as <see cref="Calls"/>).</summary>
    public long RuntimeCalls(string operation) => Calls(operation);

    /// <summary>Sum of the five runtime operations.</summary>
    public long TotalRuntimeCalls =>
        Calls("Converse") + Calls("ConverseStream") + Calls("InvokeModel") + Calls("InvokeModelWithResponseStream") + Calls("CountTokens");

    /// <summary>Zeroes every counter and forgets the history.</summary>
    public void Reset()
    {
        _ops.Clear();
        _history.Clear();
        Interlocked.Exchange(ref _assumeRole, 0);
        Interlocked.Exchange(ref _callerIdentity, 0);
        Interlocked.Exchange(ref _total, 0);
        Volatile.Write(ref _last, null);
    }

    internal void CountOperation(string operation)
    {
        _ops.AddOrUpdate(operation, 1, static (_, n) => n + 1);
        if (operation == "AssumeRole") Interlocked.Increment(ref _assumeRole);
        if (operation == "GetCallerIdentity") Interlocked.Increment(ref _callerIdentity);
    }

    internal void Record(RequestRecord record)
    {
        Interlocked.Increment(ref _total);
        Volatile.Write(ref _last, record);
        _history.Enqueue(record);
        while (_history.Count > HistoryLimit && _history.TryDequeue(out _))
        {
        }
    }
}
