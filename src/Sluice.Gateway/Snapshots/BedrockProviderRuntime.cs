using Amazon.Runtime;
using Sluice.Bedrock.Catalogue;
using Sluice.Bedrock.ControlPlane;
using Sluice.Bedrock.Converse;
using Sluice.Bedrock.Credentials;
using Sluice.Bedrock.Provider;
using Sluice.Bedrock.Runtime;
using Sluice.Core.Pricing;
using Sluice.Core.Providers;
using Sluice.Gateway.Manifests;

namespace Sluice.Gateway.Snapshots;

/// <summary>
/// The Bedrock provider runtime: one HTTP handler, one credential engine, one runtime client and one profile
/// resolver for the whole process; each snapshot build only creates light per-model providers over them.
/// </summary>
public sealed class BedrockProviderRuntime : IProviderRuntime
{
    private readonly BedrockProviderFactory _factory;
    private readonly BedrockConnectionTester _tester;
    private readonly BedrockCredentialEngine _credentials;

    /// <param name="time">Clock for signing and credential expiry.</param>
    /// <param name="sourceIdentity">Identity that assumes roles; null = the standard AWS credential chain.</param>
    public BedrockProviderRuntime(TimeProvider time, AWSCredentials? sourceIdentity = null)
    {
        var handler = BedrockRuntimeClient.CreateDefaultHandler();
        var http = new HttpMessageInvoker(handler, disposeHandler: false);
        var credentials = new BedrockCredentialEngine(handler, time, sourceIdentity);
        var runtime = new BedrockRuntimeClient(http, credentials, time);
        var profiles = new InferenceProfileResolver(http, credentials, time);
        _factory = new BedrockProviderFactory(runtime, profiles);
        _tester = new BedrockConnectionTester(runtime, credentials, profiles);
        _credentials = credentials;
    }

    public Task<string> GetOwnIdentityArnAsync(string region, string? stsEndpointTemplate, CancellationToken cancellationToken) =>
        _credentials.GetSourceArnAsync(region, stsEndpointTemplate, cancellationToken);

    public static IProviderRuntime Create(IServiceProvider services) => Create(services, null);

    /// <summary>As <see cref="Create(IServiceProvider)"/>, assuming roles as <paramref name="sourceIdentity"/> (null = the AWS chain).</summary>
    public static IProviderRuntime Create(IServiceProvider services, AWSCredentials? sourceIdentity) =>
        new BedrockProviderRuntime((TimeProvider?)services.GetService(typeof(TimeProvider)) ?? TimeProvider.System, sourceIdentity);

    public IModelProvider CreateProvider(ProviderAccountDocument account, IntegrationDocument model) =>
        _factory.Create(Settings(account), new BedrockModelSettings(model.ModelId, string.IsNullOrEmpty(model.Region) ? null : model.Region)
        {
            PromptCaching = model.PromptCaching switch
            {
                "auto" => PromptCachingMode.Auto,
                "off" => PromptCachingMode.Off,
                _ => PromptCachingMode.Explicit,
            },
        });

    public async Task<ConnectionTestReport> TestAsync(ProviderAccountDocument account, IntegrationDocument? model, CancellationToken cancellationToken)
    {
        var settings = Settings(account);
        if (model is not null && !string.IsNullOrEmpty(model.Region))
        {
            settings = settings with { Region = model.Region };
        }

        var result = await _tester.TestAsync(settings, model?.ModelId, cancellationToken);
        var status = result.Status switch
        {
            ConnectionTestStatus.Ok => ConnectionTestReport.StatusOk,
            ConnectionTestStatus.NotChecked => ConnectionTestReport.StatusNotChecked,
            _ => ConnectionTestReport.StatusFailed,
        };
        return new ConnectionTestReport(status, result.Checked, result.Message, result.Region, model?.Name, model?.ModelId);
    }

    public Telemetry.UpstreamTarget Target(ProviderAccountDocument account, IntegrationDocument model) =>
        Telemetry.UpstreamTarget.ForBedrock(model.ModelId, string.IsNullOrEmpty(model.Region) ? account.Region : model.Region, account.EndpointUrl);

    public ModelPricing? Price(ProviderAccountDocument account, IntegrationDocument model) => BedrockCatalogue.Find(model.ModelId)?.Price;

    /// <summary>Maps a stored account to the provider's settings; the control plane sits beside a runtime endpoint override.</summary>
    public static BedrockAccountSettings Settings(ProviderAccountDocument account)
    {
        var auth = account.Auth ?? throw new InvalidOperationException($"Account {account.Name} has no auth_data.");
        BedrockAuth bedrockAuth = auth.Type switch
        {
            ManifestTypes.AccessKeyAuth => new AccessKeyAuth(auth.AccessKeyId ?? "", auth.SecretAccessKey ?? "", auth.SessionToken),
            ManifestTypes.AssumedRoleAuth => new AssumeRoleAuth(auth.AssumedRoleArn ?? "", auth.ExternalId, null),
            ManifestTypes.ApiKeyAuth => new ApiKeyAuth(auth.ApiKey ?? ""),
            _ => throw new InvalidOperationException($"Account {account.Name} has an unknown auth type \"{auth.Type}\"."),
        };
        var controlPlane = account.EndpointUrl?.Contains("bedrock-runtime", StringComparison.Ordinal) == true
            ? account.EndpointUrl.Replace("bedrock-runtime", "bedrock", StringComparison.Ordinal)
            : null;
        return new BedrockAccountSettings(account.Region, bedrockAuth, BedrockEndpoints.FromTemplates(account.EndpointUrl, controlPlane, account.StsEndpointUrl));
    }
}
