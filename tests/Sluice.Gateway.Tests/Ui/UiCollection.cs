namespace Sluice.Gateway.Tests.Ui;

/// <summary>The browser test classes share one gateway and one Chromium, and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class UiCollection : ICollectionFixture<UiFixture>
{
    public const string Name = "ui-browser";
}
