namespace Sluice.Gateway.Tests.OpenAiProvider;

/// <summary>The OpenAI provider tests share one gateway and its emulators, one test after another (faults are scripted on shared emulators).</summary>
[CollectionDefinition(Name)]
public sealed class OpenAiCollection : ICollectionFixture<OpenAiFixture>
{
    public const string Name = "OpenAI provider";
}
