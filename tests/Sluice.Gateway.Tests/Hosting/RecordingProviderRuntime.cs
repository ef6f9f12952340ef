using System.Collections.Concurrent;
using Sluice.Bedrock.Catalogue;
using Sluice.Core.Pricing;
using Sluice.Core.Providers;
using Sluice.Gateway.Manifests;
using Sluice.Gateway.Snapshots;
using Sluice.Gateway.Tests.OpenAi.TestHost;

namespace Sluice.Gateway.Tests.Hosting;

/// <summary>A provider runtime that hands out the fake provider and remembers the (decrypted) accounts it was given.</summary>
internal sealed class RecordingProviderRuntime : IProviderRuntime
{
    public FakeProvider Provider { get; } = new();

    public ConcurrentDictionary<string, ProviderAccountDocument> Accounts { get; } = new();

    public IModelProvider CreateProvider(ProviderAccountDocument account, IntegrationDocument model)
    {
        Accounts[account.Name] = account;
        return Provider;
    }

    public Task<ConnectionTestReport> TestAsync(ProviderAccountDocument account, IntegrationDocument? model, CancellationToken cancellationToken) =>
        Task.FromResult(new ConnectionTestReport(ConnectionTestReport.StatusOk, "the recording runtime", $"Connected to {account.Name}.", account.Region, model?.Name, model?.ModelId));

    // Priced and described as the Bedrock models the tests name, so cost and telemetry tests see real catalogue prices.
    public Sluice.Gateway.Telemetry.UpstreamTarget Target(ProviderAccountDocument account, IntegrationDocument model) =>
        Sluice.Gateway.Telemetry.UpstreamTarget.ForBedrock(model.ModelId, string.IsNullOrEmpty(model.Region) ? account.Region : model.Region, account.EndpointUrl);

    public ModelPricing? Price(ProviderAccountDocument account, IntegrationDocument model) => BedrockCatalogue.Find(model.ModelId)?.Price;
}
