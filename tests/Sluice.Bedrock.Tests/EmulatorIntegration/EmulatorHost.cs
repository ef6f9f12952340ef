using Amazon.Runtime;
using Sluice.Bedrock.ControlPlane;
using Sluice.Bedrock.Credentials;
using Sluice.Bedrock.Emulator;
using Sluice.Bedrock.Provider;
using Sluice.Bedrock.Runtime;
using Sluice.Core.Providers;

namespace Sluice.Bedrock.Tests.EmulatorIntegration;

/// <summary>
/// One strict emulator per test class (IClassFixture), reached only through its <c>*.localhost</c> endpoint templates,
/// so the client's own endpoint resolution, loopback mapping and SigV4 region scoping are exercised.
/// </summary>
public class EmulatorHost : IAsyncLifetime
{
    public const string User1Key = "AKIDEXAMPLEUSER1";
    public const string User1Secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY1";
    public const string User2Key = "AKIDEXAMPLEUSER2";
    public const string User2Secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY2";
    public const string RoleArn = "arn:aws:iam::111122223333:role/gateway-bedrock";
    public const string ExternalId = "ext-123";
    public const string AppProfileArn = "arn:aws:bedrock:us-east-1:111122223333:application-inference-profile/a1b2c3d4e5f6";
    public const string Sonnet35 = "anthropic.claude-3-5-sonnet-20240620-v1:0";
    public const string Sonnet37 = "anthropic.claude-3-7-sonnet-20250219-v1:0";
    public const string Sonnet37Profile = "us.anthropic.claude-3-7-sonnet-20250219-v1:0";
    public const string NovaLite = "amazon.nova-lite-v1:0";
    public const string Llama = "meta.llama3-1-8b-instruct-v1:0";

    public static readonly AccessKeyAuth User1 = new(User1Key, User1Secret);
    public static readonly AccessKeyAuth User2 = new(User2Key, User2Secret);

    private BedrockEmulator? _emulator;

    public BedrockEmulator Emulator => _emulator ?? throw new InvalidOperationException("The emulator has not started.");

    public EmulatorStats Stats => Emulator.Stats;

    /// <summary>The emulator's endpoints, as a user would configure them (templates holding {region}).</summary>
    public BedrockEndpoints Endpoints => BedrockEndpoints.FromTemplates(
        Emulator.RuntimeEndpointTemplate, Emulator.ControlPlaneEndpointTemplate, Emulator.StsEndpointTemplate);

    /// <summary>The client's production handler: it must map *.localhost to loopback by itself.</summary>
    public HttpMessageInvoker Http { get; } = new(BedrockRuntimeClient.CreateDefaultHandler());

    public ApiKeyAuth ApiKey => new(Emulator.DemoApiKey);

    public async Task InitializeAsync() =>
        _emulator = await BedrockEmulator.StartAsync(new EmulatorOptions { Fixture = CreateFixture() });

    public async Task DisposeAsync()
    {
        Http.Dispose();
        if (_emulator is not null)
        {
            await _emulator.DisposeAsync();
        }
    }

    /// <summary>The fixture to serve; subclasses change it (roles, credential lifetime).</summary>
    protected virtual EmulatorFixture CreateFixture() => EmulatorFixture.LoadDemo();

    /// <summary>An engine whose role-assuming identity is <paramref name="source"/> (default gateway-user-1), never the host's chain.</summary>
    public static BedrockCredentialEngine Engine(AWSCredentials? source = null, TimeProvider? time = null) =>
        new(time: time, sourceIdentity: source ?? new BasicAWSCredentials(User1Key, User1Secret));

    public BedrockRuntimeClient Client(BedrockCredentialEngine? engine = null) => new(Http, engine ?? Engine());

    public BedrockTarget Target(string modelId, string region, BedrockAuth auth) => new(modelId, region, auth, Endpoints);

    public InferenceProfileResolver Profiles(BedrockCredentialEngine? engine = null) => new(Http, engine ?? Engine());

    public IModelProvider Provider(string modelId, BedrockAuth auth, string accountRegion = "us-east-1", string? modelRegion = null,
        BedrockCredentialEngine? engine = null)
    {
        engine ??= Engine();
        var factory = new BedrockProviderFactory(new BedrockRuntimeClient(Http, engine), new InferenceProfileResolver(Http, engine));
        return factory.Create(new BedrockAccountSettings(accountRegion, auth, Endpoints), new BedrockModelSettings(modelId, modelRegion));
    }

    /// <summary>Turns every fault off and forgets the counters, so each test starts from a known state.</summary>
    public void Reset()
    {
        foreach (var model in Emulator.Fixture.Models)
        {
            model.Knobs.Reset();
        }

        Stats.Reset();
    }
}
