using Sluice.Core.Providers;
using Sluice.Gateway.Manifests;

namespace Sluice.Gateway.Snapshots;

/// <summary>Turns stored account and model settings into callable providers, and tests an account's connection.</summary>
public interface IProviderRuntime
{
    /// <summary>Builds the provider for one model; the account's secrets are already decrypted.</summary>
    IModelProvider CreateProvider(ProviderAccountDocument account, IntegrationDocument model);

    /// <summary>Checks that the account's credentials work (and, when given, that the model can be called).</summary>
    Task<ConnectionTestReport> TestAsync(ProviderAccountDocument account, IntegrationDocument? model, CancellationToken cancellationToken);

    /// <summary>
    /// The ARN of the gateway's own AWS identity (the one that assumes roles), asked of STS in <paramref name="region"/>;
    /// throws when the gateway has none or STS cannot tell. A runtime without AWS identities cannot say.
    /// </summary>
    Task<string> GetOwnIdentityArnAsync(string region, string? stsEndpointTemplate, CancellationToken cancellationToken) =>
        throw new NotSupportedException("This provider runtime has no AWS identity of its own.");
}
