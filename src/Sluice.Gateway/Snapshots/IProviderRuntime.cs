using Sluice.Core.Pricing;
using Sluice.Core.Providers;
using Sluice.Gateway.Manifests;
using Sluice.Gateway.Telemetry;

namespace Sluice.Gateway.Snapshots;

/// <summary>
/// Turns stored account and model settings of one provider kind into callable providers, and tests an account's
/// connection. <see cref="ProviderRuntimes"/> holds one per kind and picks by the account's manifest type.
/// </summary>
public interface IProviderRuntime
{
    /// <summary>Builds the provider for one model; the account's secrets are already decrypted.</summary>
    IModelProvider CreateProvider(ProviderAccountDocument account, IntegrationDocument model);

    /// <summary>Checks that the account's credentials work (and, when given, that the model can be called).</summary>
    Task<ConnectionTestReport> TestAsync(ProviderAccountDocument account, IntegrationDocument? model, CancellationToken cancellationToken);

    /// <summary>What the GenAI spans and metrics say about the upstream of this model (provider, model, server).</summary>
    UpstreamTarget Target(ProviderAccountDocument account, IntegrationDocument model);

    /// <summary>The public prices of the model from the provider's catalogue; null when it has none (cost unknown).</summary>
    ModelPricing? Price(ProviderAccountDocument account, IntegrationDocument model);

    /// <summary>
    /// The ARN of the gateway's own AWS identity (the one that assumes roles), asked of STS in <paramref name="region"/>;
    /// throws when the gateway has none or STS cannot tell. A runtime without AWS identities cannot say.
    /// </summary>
    Task<string> GetOwnIdentityArnAsync(string region, string? stsEndpointTemplate, CancellationToken cancellationToken) =>
        throw new NotSupportedException("This provider runtime has no AWS identity of its own.");
}
