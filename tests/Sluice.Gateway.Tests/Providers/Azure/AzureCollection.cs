namespace Sluice.Gateway.Tests.Providers.Azure;

/// <summary>The Azure OpenAI functional tests share one emulator and gateway and run one after another (faults and the clock are shared).</summary>
[CollectionDefinition(Name)]
public sealed class AzureCollection : ICollectionFixture<AzureFixture>
{
    public const string Name = "AzureOpenAI";
}
