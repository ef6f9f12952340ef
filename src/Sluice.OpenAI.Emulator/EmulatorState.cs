using System.Collections.Concurrent;

namespace Sluice.OpenAI.Emulator;

/// <summary>What the emulator shares between requests: its options, scripted faults and the requests received.</summary>
internal sealed class EmulatorState(OpenAiEmulatorOptions options)
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<EmulatorFault>> _faults = new(StringComparer.Ordinal);

    public OpenAiEmulatorOptions Options { get; } = options;

    public ConcurrentQueue<ReceivedRequest> Received { get; } = new();

    public EmulatedModel? Model(string id)
    {
        foreach (var m in Options.Models)
        {
            if (m.Id == id) return m;
        }

        return null;
    }

    public void Script(string model, EmulatorFault fault) => _faults.GetOrAdd(model, _ => new()).Enqueue(fault);

    public EmulatorFault? TakeFault(string model) => _faults.TryGetValue(model, out var q) && q.TryDequeue(out var f) ? f : null;

    public void Record(ReceivedRequest request)
    {
        Received.Enqueue(request);
        while (Received.Count > 500) Received.TryDequeue(out _);
    }
}
