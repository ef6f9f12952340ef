using Sluice.Core.Pricing;
using Sluice.Core.Providers;
using Sluice.Gateway.Manifests;
using Sluice.Gateway.Telemetry;
using Sluice.OpenAI.Catalogue;
using Sluice.OpenAI.Client;
using Sluice.OpenAI.Provider;

namespace Sluice.Gateway.Snapshots;

/// <summary>
/// The runtime of <c>provider-account/openai</c> and (with <c>selfHosted</c>) <c>provider-account/self-hosted-model</c>
/// accounts: both call an OpenAI-shaped API through the process's one <see cref="OpenAiClient"/>. OpenAI models are
/// priced from the embedded catalogue; self-hosted models only by their manifest's private cost.
/// </summary>
public sealed class OpenAiProviderRuntime(bool selfHosted, OpenAiClient? client = null) : IProviderRuntime
{
    private readonly OpenAiClient _client = client ?? OpenAiClient.Shared;

    public IModelProvider CreateProvider(ProviderAccountDocument account, IntegrationDocument model) => Provider(account, model);

    public async Task<ConnectionTestReport> TestAsync(ProviderAccountDocument account, IntegrationDocument? model, CancellationToken cancellationToken)
    {
        var endpoint = Endpoint(account);
        var embedding = model is not null && !model.ModelTypes.Contains("chat") && model.ModelTypes.Contains("embedding");
        var result = await new OpenAiConnectionTester(_client).TestAsync(endpoint, model is null ? null : Provider(account, model), embedding, cancellationToken);
        return new ConnectionTestReport(result.Ok ? ConnectionTestReport.StatusOk : ConnectionTestReport.StatusFailed, result.Checked, result.Message,
            null, model?.Name, model?.ModelId);
    }

    public UpstreamTarget Target(ProviderAccountDocument account, IntegrationDocument model) =>
        UpstreamTarget.ForBaseUrl(model.ModelId, account.BaseUrl ?? OpenAiEndpoint.DefaultBaseUrl, TelemetryNames.OpenAi);

    public ModelPricing? Price(ProviderAccountDocument account, IntegrationDocument model) => selfHosted ? null : OpenAiCatalogue.Find(model.ModelId)?.Price;

    /// <summary>Maps a stored account to the client's settings.</summary>
    public static OpenAiAccountSettings Settings(ProviderAccountDocument account) =>
        new(account.BaseUrl, account.Auth?.ApiKey, account.Organization, account.Project, account.Headers);

    private OpenAiModelProvider Provider(ProviderAccountDocument account, IntegrationDocument model) =>
        new(_client, Endpoint(account), new OpenAiModelSettings(model.ModelId, LegacyMaxTokens: selfHosted));

    private OpenAiEndpoint Endpoint(ProviderAccountDocument account) =>
        new(Settings(account), selfHosted ? ProviderKinds.SelfHosted.DisplayName : ProviderKinds.OpenAi.DisplayName);
}
