using Sluice.Bedrock.Credentials;
using Sluice.Bedrock.Emulator;
using Sluice.Bedrock.Provider;

namespace Sluice.Bedrock.Tests.EmulatorIntegration;

/// <summary>An application profile is priced by what GetInferenceProfile says it wraps: the account test tells when that is not allowed.</summary>
public sealed class ProfileLookupConnectionTests(ProfileLookupConnectionTests.Host host) : IClassFixture<ProfileLookupConnectionTests.Host>
{
    private const string NoLookupKey = "AKIDNOPROFILELOOKUP1";
    private const string NoLookupSecret = "no-profile-lookup-secret-00000000000000";

    [Fact]
    public async Task TestAsync_AppProfileWithLookupAllowed_SaysWhichModelPricesIt()
    {
        var result = await TestAsync(EmulatorHost.User1);

        Assert.True(result.Ok, result.Message);
        Assert.Contains("routes to " + EmulatorHost.Sonnet35, result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TestAsync_AppProfileWithoutGetInferenceProfile_OkButSaysCostUnknown()
    {
        var result = await TestAsync(new AccessKeyAuth(NoLookupKey, NoLookupSecret));

        Assert.True(result.Ok, result.Message);
        Assert.Contains("bedrock:GetInferenceProfile", result.Message, StringComparison.Ordinal);
        Assert.Contains("cost unknown", result.Message, StringComparison.Ordinal);
    }

    private Task<BedrockConnectionTestResult> TestAsync(BedrockAuth auth)
    {
        var engine = EmulatorHost.Engine();
        var tester = new BedrockConnectionTester(host.Client(engine), engine, host.Profiles(engine));
        return tester.TestAsync(new BedrockAccountSettings("us-east-1", auth, host.Endpoints), EmulatorHost.AppProfileArn, default);
    }

    /// <summary>The demo fixture plus a user who may call models but not GetInferenceProfile.</summary>
    public sealed class Host : EmulatorHost
    {
        protected override EmulatorFixture CreateFixture()
        {
            var fixture = base.CreateFixture();
            fixture.Users.Add(new FixtureUser
            {
                Name = "no-profile-lookup",
                AccessKeyId = NoLookupKey,
                SecretAccessKey = NoLookupSecret,
                Policy = new FixturePolicy { AllowedActions = ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"] },
            });
            return fixture;
        }
    }
}
