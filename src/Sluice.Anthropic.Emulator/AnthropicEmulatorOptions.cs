namespace Sluice.Anthropic.Emulator;

/// <summary>How to start an <see cref="AnthropicEmulator"/>.</summary>
public sealed class AnthropicEmulatorOptions
{
    /// <summary>The key the emulator hands out when none are given.</summary>
    public const string DemoApiKey = "sk-ant-api03-emulator-demo-key-0000000000000000";

    /// <summary>Loopback port; 0 = ephemeral.</summary>
    public int Port { get; init; }

    /// <summary>The <c>x-api-key</c> values accepted; every other key gets 401 authentication_error.</summary>
    public IReadOnlyList<string> ApiKeys { get; init; } = [DemoApiKey];

    /// <summary>The models served; null = <see cref="EmulatedModel.Defaults"/>.</summary>
    public IReadOnlyList<EmulatedModel>? Models { get; init; }

    /// <summary>Receives one line per request.</summary>
    public Action<string>? Log { get; init; }
}
