using Microsoft.Extensions.DependencyInjection;
using Sluice.Core.Providers;
using Sluice.Gateway.Manifests;

namespace Sluice.Gateway.Snapshots;

/// <summary>
/// The Bedrock provider runtime. Until the Bedrock provider factory is merged, models cannot be built: the snapshot
/// leaves them out with a logged reason and the connection test says so.
/// </summary>
public sealed class BedrockProviderRuntime : IProviderRuntime
{
    private const string Missing = "the Bedrock provider is not part of this build";

    public static IProviderRuntime Create(IServiceProvider services) => new BedrockProviderRuntime();

    public IModelProvider CreateProvider(ProviderAccountDocument account, IntegrationDocument model) =>
        throw new InvalidOperationException(Missing);

    public Task<ConnectionTestReport> TestAsync(ProviderAccountDocument account, IntegrationDocument? model, CancellationToken cancellationToken) =>
        Task.FromResult(new ConnectionTestReport(false, Missing));
}
