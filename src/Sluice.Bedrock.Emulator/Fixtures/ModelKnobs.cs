namespace Sluice.Bedrock.Emulator;

/// <summary>Per-model latency and fault injection; read on every request, safe to change while running.</summary>
public sealed class ModelKnobs
{
    private EmulatorFault _fault;
    private int _faultCount = -1;
    private int _faultsApplied;

    /// <summary>Delay before the response (or the first stream event), in milliseconds.</summary>
    public int FirstByteDelayMs { get; set; }

    /// <summary>Delay between stream events carrying tokens, in milliseconds.</summary>
    public int TokenDelayMs { get; set; }

    /// <summary>The fault to inject; setting it resets the fault counter.</summary>
    public EmulatorFault Fault
    {
        get => _fault;
        set { _fault = value; Interlocked.Exchange(ref _faultsApplied, 0); }
    }

    /// <summary>For stream_exception / drop_connection: how many events are sent before the fault.</summary>
    public int FaultAfterEvents { get; set; } = 2;

    /// <summary>Apply the fault to the first N eligible calls only, then succeed; -1 = always. Setting it resets the counter.</summary>
    public int FaultCount
    {
        get => _faultCount;
        set { _faultCount = value; Interlocked.Exchange(ref _faultsApplied, 0); }
    }

    /// <summary>Exception frame type for stream_exception (lowerCamel union member, e.g. throttlingException, modelStreamErrorException).</summary>
    public string StreamExceptionType { get; set; } = "throttlingException";

    /// <summary>For throttle: the <c>Retry-After</c> header (seconds) sent with the 429; 0 = none.</summary>
    public int RetryAfterSeconds { get; set; }

    /// <summary>Simulated guardrail / content filter.</summary>
    public OutputFilter Filter { get; set; }

    /// <summary>
    /// When set, Converse answers report this many (uncached) input tokens instead of counting words: lets a test
    /// exercise long-context pricing without sending 200,000 tokens.
    /// </summary>
    public int? UsageInputTokens { get; set; }

    /// <summary>When set, Converse answers report this many cache-read input tokens (as if a cachePoint had been hit).</summary>
    public int? UsageCacheReadTokens { get; set; }

    /// <summary>When set, Converse answers report this many cache-write input tokens (as if a cachePoint had been written).</summary>
    public int? UsageCacheWriteTokens { get; set; }

    /// <summary>Calls the fault has been applied to since it was last set.</summary>
    public int FaultsApplied => Volatile.Read(ref _faultsApplied);

    /// <summary>Turns faults off and resets the counter.</summary>
    public void Reset()
    {
        Fault = EmulatorFault.None;
        FaultCount = -1;
        FirstByteDelayMs = 0;
        TokenDelayMs = 0;
        RetryAfterSeconds = 0;
        Filter = OutputFilter.None;
        UsageInputTokens = null;
        UsageCacheReadTokens = null;
        UsageCacheWriteTokens = null;
    }

    internal bool TryConsumeFault()
    {
        var limit = _faultCount;
        if (limit < 0)
        {
            Interlocked.Increment(ref _faultsApplied);
            return true;
        }

        while (true)
        {
            var applied = Volatile.Read(ref _faultsApplied);
            if (applied >= limit)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _faultsApplied, applied + 1, applied) == applied)
            {
                return true;
            }
        }
    }
}
