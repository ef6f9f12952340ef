namespace Sluice.Bedrock.Emulator;

/// <summary>Shared services of one emulator instance.</summary>
internal sealed class EmulatorState(EmulatorFixture fixture, Action<string>? log)
{
    public EmulatorFixture Fixture { get; } = fixture;

    public EmulatorStats Stats { get; } = new();

    public CredentialStore Credentials { get; } = new();

    public DeterministicModel Model { get; } = new();

    public TimeProvider Time { get; } = TimeProvider.System;

    public void Log(string message) => log?.Invoke(message);
}
