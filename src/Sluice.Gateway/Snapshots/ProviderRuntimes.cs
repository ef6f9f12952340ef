using Sluice.Core.Pricing;
using Sluice.Core.Providers;
using Sluice.Gateway.Manifests;
using Sluice.Gateway.Telemetry;

namespace Sluice.Gateway.Snapshots;

/// <summary>
/// The runtimes of every provider kind, keyed by account manifest type (<see cref="ProviderKinds"/>): the one
/// <see cref="IProviderRuntime"/> the snapshot builder and the connection test use. An account of a kind with no
/// runtime registered cannot be built (its models are left out of the snapshot with a logged reason).
/// </summary>
public sealed class ProviderRuntimes(IReadOnlyDictionary<string, IProviderRuntime> byAccountType) : IProviderRuntime
{
    public IReadOnlyDictionary<string, IProviderRuntime> ByAccountType { get; } = byAccountType;

    public IModelProvider CreateProvider(ProviderAccountDocument account, IntegrationDocument model) => For(account).CreateProvider(account, model);

    public Task<ConnectionTestReport> TestAsync(ProviderAccountDocument account, IntegrationDocument? model, CancellationToken cancellationToken) =>
        For(account).TestAsync(account, model, cancellationToken);

    public UpstreamTarget Target(ProviderAccountDocument account, IntegrationDocument model) => For(account).Target(account, model);

    public ModelPricing? Price(ProviderAccountDocument account, IntegrationDocument model) => For(account).Price(account, model);

    /// <summary>The gateway's own AWS identity is the Bedrock runtime's (the only kind that assumes roles).</summary>
    public Task<string> GetOwnIdentityArnAsync(string region, string? stsEndpointTemplate, CancellationToken cancellationToken) =>
        ByAccountType.TryGetValue(ManifestTypes.BedrockAccount, out var bedrock)
            ? bedrock.GetOwnIdentityArnAsync(region, stsEndpointTemplate, cancellationToken)
            : throw new NotSupportedException("This gateway has no AWS provider runtime.");

    private IProviderRuntime For(ProviderAccountDocument account) =>
        ByAccountType.TryGetValue(account.AccountType, out var runtime)
            ? runtime
            : throw new InvalidOperationException($"Account {account.Name} is a {account.AccountType} account, which this gateway cannot call.");
}
