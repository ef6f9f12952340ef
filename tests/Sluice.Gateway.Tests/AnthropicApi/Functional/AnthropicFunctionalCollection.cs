namespace Sluice.Gateway.Tests.AnthropicApi.Functional;

/// <summary>The Anthropic functional tests share one emulator and gateway and run one after another (knobs are shared).</summary>
[CollectionDefinition(Name)]
public sealed class AnthropicFunctionalCollection : ICollectionFixture<AnthropicFunctionalFixture>
{
    public const string Name = "Anthropic functional";
}
