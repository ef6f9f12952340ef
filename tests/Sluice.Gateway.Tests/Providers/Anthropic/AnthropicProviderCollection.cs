namespace Sluice.Gateway.Tests.Providers.Anthropic;

/// <summary>The Anthropic provider tests share one gateway and both emulators, and run one after another (knobs are shared).</summary>
[CollectionDefinition(Name)]
public sealed class AnthropicProviderCollection : ICollectionFixture<AnthropicProviderFixture>
{
    public const string Name = "Anthropic provider";
}
