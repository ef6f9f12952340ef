namespace Sluice.AzureOpenAI.Emulator;

/// <summary>How to start an <see cref="AzureOpenAiEmulator"/>.</summary>
public sealed record AzureEmulatorOptions
{
    /// <summary>Loopback port; 0 = any free port.</summary>
    public int Port { get; init; }

    /// <summary>The emulator's clock (token expiry); null = the system clock.</summary>
    public TimeProvider? Time { get; init; }
}
