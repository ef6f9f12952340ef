namespace Sluice.Anthropic.Emulator;

/// <summary>Per-model fault injection and usage overrides; read on every request, safe to change while running.</summary>
public sealed class ModelKnobs
{
    private AnthropicFault _fault;
    private int _faultCount = -1;
    private int _faultsApplied;

    /// <summary>The fault to inject; setting it resets the counter.</summary>
    public AnthropicFault Fault
    {
        get => _fault;
        set { _fault = value; Interlocked.Exchange(ref _faultsApplied, 0); }
    }

    /// <summary>Apply the fault to the first N calls only, then succeed; -1 = always.</summary>
    public int FaultCount
    {
        get => _faultCount;
        set { _faultCount = value; Interlocked.Exchange(ref _faultsApplied, 0); }
    }

    /// <summary>For stream faults: how many events are sent first.</summary>
    public int FaultAfterEvents { get; set; } = 3;

    /// <summary>The error type of a mid-stream error event.</summary>
    public string StreamErrorType { get; set; } = "overloaded_error";

    /// <summary>The <c>retry-after</c> header (seconds) of a 429 or 529; 0 = none.</summary>
    public int RetryAfterSeconds { get; set; }

    /// <summary>When set, answers report this many cache-read input tokens.</summary>
    public int? UsageCacheReadTokens { get; set; }

    /// <summary>When set, answers report this many cache-write input tokens.</summary>
    public int? UsageCacheWriteTokens { get; set; }

    /// <summary>Calls the fault has been applied to since it was last set.</summary>
    public int FaultsApplied => Volatile.Read(ref _faultsApplied);

    public void Reset()
    {
        Fault = AnthropicFault.None;
        FaultCount = -1;
        FaultAfterEvents = 3;
        StreamErrorType = "overloaded_error";
        RetryAfterSeconds = 0;
        UsageCacheReadTokens = null;
        UsageCacheWriteTokens = null;
    }

    /// <summary>The fault for this call (counted), or None once <see cref="FaultCount"/> calls have had it.</summary>
    internal AnthropicFault Take(bool streaming)
    {
        var fault = _fault;
        if (fault == AnthropicFault.None || (fault == AnthropicFault.StreamError && !streaming)) return AnthropicFault.None;
        var applied = Interlocked.Increment(ref _faultsApplied);
        if (_faultCount >= 0 && applied > _faultCount)
        {
            Interlocked.Decrement(ref _faultsApplied);
            return AnthropicFault.None;
        }

        return fault;
    }
}
