namespace Sluice.OpenAI.Emulator;

/// <summary>How an <see cref="OpenAiEmulator"/> starts: its port, the keys it accepts and the models it serves.</summary>
public sealed class OpenAiEmulatorOptions
{
    /// <summary>0 = any free loopback port.</summary>
    public int Port { get; init; }

    /// <summary>Bearer keys the emulator accepts; empty = no key needed (an OpenAI-compatible server without auth).</summary>
    public IReadOnlyList<string> ApiKeys { get; init; } = [OpenAiEmulator.DemoApiKey];

    /// <summary>Models served, by ID.</summary>
    public IReadOnlyList<EmulatedModel> Models { get; init; } = EmulatedModel.Defaults;

    /// <summary>Stream answers without the usage chunk even when asked (as some compatible servers do).</summary>
    public bool OmitStreamUsage { get; init; }
}
