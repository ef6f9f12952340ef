using Sluice.AzureOpenAI.Catalogue;
using Sluice.AzureOpenAI.Client;
using Sluice.AzureOpenAI.Entra;
using Sluice.AzureOpenAI.Provider;
using Sluice.Core.Pricing;
using Sluice.Core.Providers;
using Sluice.Gateway.Manifests;
using Sluice.Gateway.Telemetry;
using Sluice.OpenAI.Client;
using Sluice.OpenAI.Provider;

namespace Sluice.Gateway.Snapshots;

/// <summary>
/// The runtime of <c>provider-account/azure-openai</c> accounts: the process's one OpenAI client over an Azure
/// endpoint per deployment, and one Entra ID token cache for every account that signs in with a client secret.
/// Deployments are priced by the public catalogue when named exactly after their model, else by a private cost.
/// </summary>
public sealed class AzureOpenAiProviderRuntime : IProviderRuntime
{
    /// <summary>The environment variable Azure's SDKs read for the Entra ID authority host (sovereign clouds).</summary>
    public const string AuthorityHostVariable = "AZURE_AUTHORITY_HOST";

    private readonly OpenAiClient _client;
    private readonly EntraTokenProvider _tokens;

    /// <param name="time">Clock for token expiry.</param>
    /// <param name="authorityHost">Entra ID's address; null = <c>AZURE_AUTHORITY_HOST</c>, else the public cloud.</param>
    public AzureOpenAiProviderRuntime(TimeProvider time, Uri? authorityHost = null, OpenAiClient? client = null)
    {
        _client = client ?? OpenAiClient.Shared;
        var host = authorityHost
            ?? (Uri.TryCreate(Environment.GetEnvironmentVariable(AuthorityHostVariable), UriKind.Absolute, out var fromEnvironment) ? fromEnvironment : null);
        _tokens = new EntraTokenProvider(new HttpMessageInvoker(OpenAiClient.CreateDefaultHandler()), time, host);
    }

    /// <summary>The token cache (tests count its requests).</summary>
    public EntraTokenProvider Tokens => _tokens;

    public IModelProvider CreateProvider(ProviderAccountDocument account, IntegrationDocument model) => Provider(account, model);

    public async Task<ConnectionTestReport> TestAsync(ProviderAccountDocument account, IntegrationDocument? model, CancellationToken cancellationToken)
    {
        var endpoint = Endpoint(account, model?.ModelId ?? "");
        var embedding = model is not null && !model.ModelTypes.Contains("chat") && model.ModelTypes.Contains("embedding");
        var (ok, checkedWhat, message) = await new AzureConnectionTester(_client)
            .TestAsync(endpoint, model is null ? null : Provider(account, model), embedding, cancellationToken);
        return new ConnectionTestReport(ok ? ConnectionTestReport.StatusOk : ConnectionTestReport.StatusFailed, checkedWhat, message, null, model?.Name, model?.ModelId);
    }

    public UpstreamTarget Target(ProviderAccountDocument account, IntegrationDocument model) =>
        UpstreamTarget.ForBaseUrl(model.ModelId, ResourceRoot(account), TelemetryNames.AzureOpenAi);

    public ModelPricing? Price(ProviderAccountDocument account, IntegrationDocument model) => AzureOpenAiCatalogue.Find(model.ModelId);

    /// <summary>Maps a stored account to the provider's settings (the validator has refused what cannot be mapped).</summary>
    public static AzureOpenAiAccountSettings Settings(ProviderAccountDocument account)
    {
        var auth = account.Auth ?? throw new InvalidOperationException($"Account {account.Name} has no auth_data.");
        var entra = auth.Type == ManifestTypes.AzureClientSecretAuth
            ? new EntraClientSecret(auth.TenantId ?? "", auth.ClientId ?? "", auth.ClientSecret ?? "")
            : null;
        return new AzureOpenAiAccountSettings(ResourceRoot(account), account.ApiVersion ?? AzureApiVersion.Default,
            entra is null ? auth.ApiKey : null, entra, account.Headers);
    }

    private static string ResourceRoot(ProviderAccountDocument account) =>
        AzureResource.Normalize(account.BaseUrl ?? "", out var problem)
            ?? throw new InvalidOperationException($"Account {account.Name}: {problem}");

    private AzureOpenAiModelProvider Provider(ProviderAccountDocument account, IntegrationDocument model)
    {
        var endpoint = Endpoint(account, model.ModelId);
        return new AzureOpenAiModelProvider(new OpenAiModelProvider(_client, endpoint, new OpenAiModelSettings(model.ModelId)), endpoint);
    }

    private AzureOpenAiEndpoint Endpoint(ProviderAccountDocument account, string deployment) => new(Settings(account), deployment, _tokens);
}
