namespace Sluice.Gateway.Tests.Functional;

/// <summary>All functional tests share one emulator and one gateway, and run one after another (knobs are shared).</summary>
[CollectionDefinition(Name)]
public sealed class FunctionalCollection : ICollectionFixture<FunctionalFixture>
{
    public const string Name = "Functional";
}
