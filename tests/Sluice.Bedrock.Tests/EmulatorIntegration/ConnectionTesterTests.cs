using Sluice.Bedrock.Credentials;
using Sluice.Bedrock.Provider;

namespace Sluice.Bedrock.Tests.EmulatorIntegration;

/// <summary>The account test a user runs before saving: real calls, failures in words they can act on.</summary>
public sealed class ConnectionTesterTests : IClassFixture<EmulatorHost>
{
    private readonly EmulatorHost _host;

    public ConnectionTesterTests(EmulatorHost host)
    {
        _host = host;
        host.Reset();
    }

    private Task<BedrockConnectionTestResult> TestAsync(BedrockAuth auth, string region, string? modelId, BedrockCredentialEngine? engine = null)
    {
        engine ??= EmulatorHost.Engine();
        var tester = new BedrockConnectionTester(_host.Client(engine), engine);
        return tester.TestAsync(new BedrockAccountSettings(region, auth, _host.Endpoints), modelId, default);
    }

    [Fact]
    public async Task TestAsync_AccessKeysAndChatModel_OkAfterOneConverse()
    {
        var result = await TestAsync(EmulatorHost.User1, "us-east-1", EmulatorHost.NovaLite);

        Assert.True(result.Ok, result.Message);
        Assert.Equal(1, _host.Stats.RuntimeCalls("Converse"));
    }

    [Fact]
    public async Task TestAsync_RoleWithWrongExternalId_FailsNamingSts()
    {
        var result = await TestAsync(new AssumeRoleAuth(EmulatorHost.RoleArn, "ext-wrong"), "us-east-1", null);

        Assert.False(result.Ok);
        Assert.Equal("AccessDenied", result.ExceptionName);
        Assert.Contains("sts:AssumeRole", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TestAsync_RoleWithExternalIdNoModel_OkAfterAssumeRole()
    {
        var result = await TestAsync(new AssumeRoleAuth(EmulatorHost.RoleArn, EmulatorHost.ExternalId), "us-east-1", null);

        Assert.True(result.Ok, result.Message);
        Assert.Equal(1, _host.Stats.StsAssumeRoleCalls);
    }

    [Fact]
    public async Task TestAsync_UserDeniedInRegion_FailsNamingRegion()
    {
        var result = await TestAsync(EmulatorHost.User2, "us-west-2", EmulatorHost.Sonnet35);

        Assert.False(result.Ok);
        Assert.Equal("AccessDeniedException", result.ExceptionName);
        Assert.Contains("us-west-2", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TestAsync_ProfileOnlyModelByPlainId_FailsNamingProfile()
    {
        var result = await TestAsync(_host.ApiKey, "us-east-1", EmulatorHost.Sonnet37);

        Assert.False(result.Ok);
        Assert.Contains(EmulatorHost.Sonnet37Profile, result.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("amazon.titan-embed-text-v2:0")]
    [InlineData("cohere.embed-english-v3")]
    public async Task TestAsync_EmbeddingModel_OkAfterOneInvoke(string modelId)
    {
        var result = await TestAsync(_host.ApiKey, "us-east-1", modelId);

        Assert.True(result.Ok, result.Message);
        Assert.Equal(1, _host.Stats.RuntimeCalls("InvokeModel"));
    }

    [Fact]
    public async Task TestAsync_WrongSecretWithModel_FailsAsCredentialProblem()
    {
        var result = await TestAsync(new AccessKeyAuth(EmulatorHost.User1Key, "not-the-secret"), "us-east-1", EmulatorHost.NovaLite);

        Assert.False(result.Ok);
        Assert.Equal("InvalidSignatureException", result.ExceptionName);
        Assert.Contains("credentials", result.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task TestAsync_ApiKeyWithoutModel_NotCheckedAndNoCall()
    {
        var result = await TestAsync(_host.ApiKey, "us-east-1", null);

        Assert.Equal(ConnectionTestStatus.NotChecked, result.Status);
        Assert.False(result.Ok);
        Assert.Contains("calling a model", result.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("us-east-1", result.Message, StringComparison.Ordinal);
        Assert.Equal(0, _host.Stats.TotalRuntimeCalls);
    }

    [Fact]
    public async Task TestAsync_WrongApiKeyWithModel_FailedAfterTheCall()
    {
        var result = await TestAsync(new ApiKeyAuth("ABSKnotthekeynotthekey"), "us-east-1", EmulatorHost.NovaLite);

        Assert.Equal(ConnectionTestStatus.Failed, result.Status);
        Assert.Contains("Converse", result.Checked, StringComparison.Ordinal);
        Assert.DoesNotContain("ABSKnotthekey", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TestAsync_ImageModelWithAccessKeys_ChecksTheKeysWithStsInsteadOfClaimingThem()
    {
        var result = await TestAsync(EmulatorHost.User1, "us-east-1", "amazon.nova-canvas-v1:0");

        Assert.Equal(ConnectionTestStatus.Ok, result.Status);
        Assert.Contains("GetCallerIdentity", result.Checked, StringComparison.Ordinal);
        Assert.Contains("image model", result.Message, StringComparison.Ordinal);
        Assert.Equal(0, _host.Stats.TotalRuntimeCalls);
    }

    [Fact]
    public async Task TestAsync_ImageModelWithApiKey_NotChecked()
    {
        var result = await TestAsync(_host.ApiKey, "us-east-1", "amazon.nova-canvas-v1:0");

        Assert.Equal(ConnectionTestStatus.NotChecked, result.Status);
        Assert.Equal(0, _host.Stats.TotalRuntimeCalls);
    }
}
