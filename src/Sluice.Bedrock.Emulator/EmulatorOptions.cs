namespace Sluice.Bedrock.Emulator;

/// <summary>How to start a <see cref="BedrockEmulator"/>.</summary>
public sealed class EmulatorOptions
{
    /// <summary>Loopback port; 0 = ephemeral.</summary>
    public int Port { get; init; }

    /// <summary>Fixture JSON file; used when <see cref="Fixture"/> is null.</summary>
    public string? ConfigPath { get; init; }

    /// <summary>Fixture object; null (and no ConfigPath) = the embedded demo fixture.</summary>
    public EmulatorFixture? Fixture { get; init; }

    /// <summary>Receives one line per request and STS event.</summary>
    public Action<string>? Log { get; init; }
}
