using Amazon.Runtime;
using Sluice.Bedrock.ControlPlane;
using Sluice.Bedrock.Credentials;
using Sluice.Bedrock.Emulator;
using Sluice.Bedrock.Provider;
using Sluice.Bedrock.Runtime;
using Sluice.Core.Providers;

namespace Sluice.Anthropic.Tests.EmulatorIntegration;

/// <summary>The strict Bedrock emulator with a Converse provider for Nova Lite, a model that takes no Messages body.</summary>
public sealed class NovaEmulator : IAsyncLifetime
{
    private const string Key = "AKIDEXAMPLEUSER1";
    private const string Secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY1";

    private readonly HttpMessageInvoker _http = new(BedrockRuntimeClient.CreateDefaultHandler());
    private BedrockEmulator? _emulator;

    public IModelProvider Nova { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _emulator = await BedrockEmulator.StartAsync(new EmulatorOptions { Fixture = EmulatorFixture.LoadDemo() });
        var endpoints = BedrockEndpoints.FromTemplates(_emulator.RuntimeEndpointTemplate, _emulator.ControlPlaneEndpointTemplate, _emulator.StsEndpointTemplate);
        var engine = new BedrockCredentialEngine(sourceIdentity: new BasicAWSCredentials(Key, Secret));
        var factory = new BedrockProviderFactory(new BedrockRuntimeClient(_http, engine), new InferenceProfileResolver(_http, engine));
        Nova = factory.Create(new BedrockAccountSettings("us-east-1", new AccessKeyAuth(Key, Secret), endpoints), new BedrockModelSettings("amazon.nova-lite-v1:0", null));
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        if (_emulator is not null) await _emulator.DisposeAsync();
    }
}
