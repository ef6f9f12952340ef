using Sluice.Anthropic.Catalogue;
using Sluice.Anthropic.Client;
using Sluice.Anthropic.Provider;
using Sluice.Core.Pricing;
using Sluice.Core.Providers;
using Sluice.Gateway.Manifests;
using Sluice.Gateway.Telemetry;

namespace Sluice.Gateway.Snapshots;

/// <summary>
/// The Anthropic provider runtime: one pooled HTTP client for the process; each snapshot build only creates light
/// per-model providers over it.
/// </summary>
public sealed class AnthropicProviderRuntime(AnthropicApiClient client) : IProviderRuntime
{
    private readonly AnthropicConnectionTester _tester = new(client);

    public static IProviderRuntime Create(IServiceProvider services) => new AnthropicProviderRuntime(AnthropicApiClient.Shared);

    public IModelProvider CreateProvider(ProviderAccountDocument account, IntegrationDocument model) =>
        new AnthropicModelProvider(client, Settings(account), model.ModelId);

    public async Task<ConnectionTestReport> TestAsync(ProviderAccountDocument account, IntegrationDocument? model, CancellationToken cancellationToken)
    {
        var result = await _tester.TestAsync(Settings(account), model?.ModelId, cancellationToken);
        return new ConnectionTestReport(result.Ok ? ConnectionTestReport.StatusOk : ConnectionTestReport.StatusFailed, result.Checked, result.Message,
            null, model?.Name, model?.ModelId);
    }

    public UpstreamTarget Target(ProviderAccountDocument account, IntegrationDocument model) =>
        UpstreamTarget.ForBaseUrl(model.ModelId, account.BaseUrl ?? AnthropicAccountSettings.DefaultBaseUrl, TelemetryNames.Anthropic);

    public ModelPricing? Price(ProviderAccountDocument account, IntegrationDocument model) => AnthropicCatalogue.Find(model.ModelId)?.Price;

    /// <summary>Maps a stored account to the provider's settings.</summary>
    public static AnthropicAccountSettings Settings(ProviderAccountDocument account) =>
        new(account.BaseUrl ?? AnthropicAccountSettings.DefaultBaseUrl, account.Auth?.ApiKey ?? "", account.Headers);
}
