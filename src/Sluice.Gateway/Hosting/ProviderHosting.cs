using Sluice.Gateway.Manifests;
using Sluice.Gateway.Snapshots;

namespace Sluice.Gateway.Hosting;

/// <summary>
/// The one place each provider kind's runtime is registered: a new provider adds its line here (its runtime lives
/// in <c>Snapshots/</c> beside <see cref="BedrockProviderRuntime"/>, its client and wire types in its own project).
/// </summary>
internal static class ProviderHosting
{
    public static ProviderRuntimes Create(IServiceProvider services, GatewayOptions options)
    {
        var runtimes = new Dictionary<string, IProviderRuntime>(StringComparer.Ordinal)
        {
            [ManifestTypes.BedrockAccount] = options.ProviderRuntime?.Invoke(services) ?? BedrockProviderRuntime.Create(services, options.AwsSourceCredentials),
            [ManifestTypes.AnthropicAccount] = AnthropicProviderRuntime.Create(services),
            [ManifestTypes.OpenAiAccount] = new OpenAiProviderRuntime(selfHosted: false), [ManifestTypes.SelfHostedAccount] = new OpenAiProviderRuntime(selfHosted: true),
            [ManifestTypes.AzureOpenAiAccount] = new AzureOpenAiProviderRuntime((TimeProvider?)services.GetService(typeof(TimeProvider)) ?? TimeProvider.System, options.AzureAuthorityHost),
        };
        return new ProviderRuntimes(runtimes);
    }
}
