using Sluice.Core.Pricing;
using Sluice.Bedrock.Credentials;
using Sluice.Bedrock.Errors;
using Sluice.Bedrock.Provider;
using Sluice.Core.Chat;
using Sluice.Core.Errors;

namespace Sluice.Bedrock.Tests.EmulatorIntegration;

/// <summary>Model IDs, profile IDs and ARNs on the wire, which Region is called, and what users are told when AWS says no.</summary>
public sealed class ModelIdAndRegionTests : IClassFixture<EmulatorHost>
{
    private const string SystemProfileArn = "arn:aws:bedrock:us-east-1:111122223333:inference-profile/us.anthropic.claude-3-5-sonnet-20240620-v1:0";
    private const string Sonnet35Profile = "us.anthropic.claude-3-5-sonnet-20240620-v1:0";
    private static readonly AssumeRoleAuth Role = new(EmulatorHost.RoleArn, EmulatorHost.ExternalId);
    private readonly EmulatorHost _host;

    public ModelIdAndRegionTests(EmulatorHost host)
    {
        _host = host;
        host.Reset();
    }

    // SigV4 (the role) on purpose: the emulator recomputes the signature over the raw path encoded once more, so a client
    // that skipped the second encoding in its canonical URI, or encoded the wire path twice, fails here.
    [Theory]
    [InlineData(EmulatorHost.NovaLite, "/model/amazon.nova-lite-v1%3A0/converse", EmulatorHost.NovaLite)]
    [InlineData(Sonnet35Profile, "/model/us.anthropic.claude-3-5-sonnet-20240620-v1%3A0/converse", EmulatorHost.Sonnet35)]
    [InlineData(SystemProfileArn,
        "/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A111122223333%3Ainference-profile%2Fus.anthropic.claude-3-5-sonnet-20240620-v1%3A0/converse",
        EmulatorHost.Sonnet35)]
    [InlineData(EmulatorHost.AppProfileArn,
        "/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A111122223333%3Aapplication-inference-profile%2Fa1b2c3d4e5f6/converse",
        EmulatorHost.Sonnet35)]
    public async Task ConverseAsync_EachIdentifierForm_EncodedOnceOnWireAndSignatureAccepted(string modelId, string rawTarget, string answeredBy)
    {
        var response = await _host.Client().ConverseAsync(_host.Target(modelId, "us-east-1", Role), EmulatorBodies.Converse("which model"), default);

        Assert.Contains("which model", AuthFormTests.ReplyText(response.Body), StringComparison.Ordinal);
        var seen = _host.Stats.LastRequest!;
        Assert.Equal(rawTarget, seen.RawTarget);
        Assert.Equal(modelId, seen.ModelId);
        Assert.Equal(answeredBy, seen.ResolvedModelId);
        Assert.Equal("sigv4", seen.AuthKind);
    }

    [Fact]
    public async Task ConverseStreamAsync_ApplicationProfileArn_EncodedOnceAndSigned()
    {
        await using var stream = await _host.Client().ConverseStreamAsync(_host.Target(EmulatorHost.AppProfileArn, "us-east-1", Role), EmulatorBodies.Hello, default);
        await foreach (var _ in stream.ReadMessagesAsync(default))
        {
        }

        Assert.Equal("/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A111122223333%3Aapplication-inference-profile%2Fa1b2c3d4e5f6/converse-stream",
            _host.Stats.LastRequest!.RawTarget);
    }

    [Fact]
    public async Task ConverseAsync_ArnInOtherRegionThanTarget_ArnRegionCalledAndSigned()
    {
        var response = await _host.Client().ConverseAsync(_host.Target(EmulatorHost.AppProfileArn, "us-west-2", Role), EmulatorBodies.Hello, default);

        Assert.Equal("us-east-1", response.Region);
        var seen = _host.Stats.LastRequest!;
        Assert.Equal("us-east-1", seen.Region);
        Assert.StartsWith("bedrock-runtime.us-east-1.localhost:", seen.Host, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChatAsync_ModelRegionOverride_LlamaServedInUsWest2()
    {
        var provider = _host.Provider(EmulatorHost.Llama, EmulatorHost.User1, accountRegion: "us-east-1", modelRegion: "us-west-2");

        var response = await provider.ChatAsync(Chat("hi llama"), default);

        Assert.Contains("hi llama", response.Text, StringComparison.Ordinal);
        Assert.Equal("us-west-2", response.Upstream.Region);
        Assert.Equal("us-west-2", _host.Stats.LastRequest!.ServedRegion);
    }

    [Fact]
    public async Task ChatAsync_LlamaInAccountRegionWithoutIt_ValidationErrorNamingRegion()
    {
        var provider = _host.Provider(EmulatorHost.Llama, EmulatorHost.User1, accountRegion: "us-east-1");

        var e = await Assert.ThrowsAsync<GatewayException>(() => provider.ChatAsync(Chat("hi"), default));

        Assert.Equal(400, e.Error.Status);
        Assert.Equal("ValidationException", e.Error.Code);
        Assert.Contains(EmulatorHost.Llama, e.Error.Message, StringComparison.Ordinal);
        Assert.Contains("us-east-1", e.Error.Message, StringComparison.Ordinal);
        Assert.Contains("The provided model identifier is invalid.", e.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChatAsync_ProfileOnlyModelByPlainId_ErrorNamesUsProfileId()
    {
        var provider = _host.Provider(EmulatorHost.Sonnet37, EmulatorHost.User1, accountRegion: "us-east-1");

        var e = await Assert.ThrowsAsync<GatewayException>(() => provider.ChatAsync(Chat("hi"), default));

        Assert.Equal(400, e.Error.Status);
        Assert.Contains(EmulatorHost.Sonnet37Profile, e.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConverseAsync_ProfileOnlyModelByPlainId_RawOnDemandValidationError()
    {
        var e = await Assert.ThrowsAsync<BedrockException>(() =>
            _host.Client().ConverseAsync(_host.Target(EmulatorHost.Sonnet37, "us-east-1", EmulatorHost.User1), EmulatorBodies.Hello, default));

        Assert.Equal(BedrockExceptionNames.Validation, e.Error.ExceptionName);
        Assert.Equal(400, e.Error.Status);
        Assert.Contains("on-demand throughput isn\u2019t supported", e.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConverseAsync_UserNotAllowedInRegion_AccessDenied403NamingRegion()
    {
        var e = await Assert.ThrowsAsync<BedrockException>(() =>
            _host.Client().ConverseAsync(_host.Target(EmulatorHost.NovaLite, "us-west-2", EmulatorHost.User2), EmulatorBodies.Hello, default));

        Assert.Equal(BedrockExceptionNames.AccessDenied, e.Error.ExceptionName);
        Assert.Equal(403, e.Error.Status);
        Assert.False(e.Error.Retryable);
        Assert.Equal("us-west-2", e.Error.Region);
        Assert.Contains("arn:aws:bedrock:us-west-2::foundation-model/amazon.nova-lite-v1:0", e.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChatAsync_UserNotAllowedInRegion_PermissionErrorNamingRegionAndGrant()
    {
        var provider = _host.Provider(EmulatorHost.NovaLite, EmulatorHost.User2, accountRegion: "us-west-2");

        var e = await Assert.ThrowsAsync<GatewayException>(() => provider.ChatAsync(Chat("hi"), default));

        Assert.Equal(403, e.Error.Status);
        Assert.Equal(ErrorTypes.Permission, e.Error.Type);
        Assert.Contains("in region us-west-2", e.Error.Message, StringComparison.Ordinal);
        Assert.Contains("gateway-user-2", e.Error.Message, StringComparison.Ordinal);
        Assert.Equal("bedrock:us-west-2", e.Error.Upstream);
    }

    [Fact]
    public async Task ChatAsync_ProfileWithUngrantedDestination_ErrorNamesUsEast2AndPermissionToAdd()
    {
        var provider = _host.Provider(Sonnet35Profile, EmulatorHost.User1, accountRegion: "us-east-1");

        var e = await Assert.ThrowsAsync<GatewayException>(() => provider.ChatAsync(Chat("hi"), default));

        Assert.Equal(403, e.Error.Status);
        Assert.Equal("AccessDeniedException", e.Error.Code);
        Assert.Contains("region us-east-2", e.Error.Message, StringComparison.Ordinal);
        Assert.Contains("bedrock:InvokeModel", e.Error.Message, StringComparison.Ordinal);
        Assert.Contains("arn:aws:bedrock:us-east-2::foundation-model/anthropic.claude-3-5-sonnet-20240620-v1:0", e.Error.Message, StringComparison.Ordinal);
        Assert.Contains("arn:aws:iam::111122223333:user/gateway-user-1", e.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartChatStreamAsync_ProfileWithUngrantedDestination_ErrorNamesStreamingAction()
    {
        var provider = _host.Provider(Sonnet35Profile, EmulatorHost.User1, accountRegion: "us-east-1");

        var e = await Assert.ThrowsAsync<GatewayException>(() => provider.StartChatStreamAsync(Chat("hi", stream: true), default));

        Assert.Equal(403, e.Error.Status);
        Assert.Contains("us-east-2", e.Error.Message, StringComparison.Ordinal);
        Assert.Contains("bedrock:InvokeModelWithResponseStream", e.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetAsync_ApplicationProfile_BaseModelAndCached()
    {
        var resolver = _host.Profiles();
        var target = _host.Target(EmulatorHost.AppProfileArn, "us-east-1", Role);

        var info = await resolver.GetAsync(target, default);
        var again = await resolver.GetAsync(target, default);

        Assert.Equal(EmulatorHost.Sonnet35, info.BaseModelId);
        Assert.Equal("APPLICATION", info.Type);
        Assert.Equal(EmulatorHost.AppProfileArn, info.Arn);
        Assert.Equal(["us-east-1"], info.Regions);
        Assert.Same(info, again);
        Assert.Equal(1, _host.Stats.Calls("GetInferenceProfile"));
        Assert.Equal("/inference-profiles/arn%3Aaws%3Abedrock%3Aus-east-1%3A111122223333%3Aapplication-inference-profile%2Fa1b2c3d4e5f6",
            _host.Stats.LastRequest!.RawTarget);
    }

    [Fact]
    public async Task GetAsync_SystemProfile_AllDestinationRegions()
    {
        var info = await _host.Profiles().GetAsync(_host.Target(Sonnet35Profile, "us-east-1", _host.ApiKey), default);

        Assert.Equal("SYSTEM_DEFINED", info.Type);
        Assert.Equal(EmulatorHost.Sonnet35, info.BaseModelId);
        Assert.Equal(["us-east-1", "us-east-2", "us-west-2"], info.Regions);
    }

    [Fact]
    public async Task GetAsync_UnknownProfile_ResourceNotFound404()
    {
        var target = _host.Target("arn:aws:bedrock:us-east-1:111122223333:application-inference-profile/zzzzzzzzzzzz", "us-east-1", Role);

        var e = await Assert.ThrowsAsync<BedrockException>(() => _host.Profiles().GetAsync(target, default));

        Assert.Equal(BedrockExceptionNames.ResourceNotFound, e.Error.ExceptionName);
        Assert.Equal(404, e.Error.Status);
    }

    [Fact]
    public async Task GetModelInfoAsync_ApplicationProfileArn_PricedAndCapableAsBaseModel()
    {
        var provider = (BedrockModelProvider)_host.Provider(EmulatorHost.AppProfileArn, Role);

        var model = await provider.GetModelInfoAsync(default);
        var response = await provider.ChatAsync(Chat("priced"), default);

        Assert.NotNull(model);
        Assert.Equal(EmulatorHost.Sonnet35, model.ModelId);
        Assert.Equal(3m, model.Price!.Find("in-region")!.Tokens.Input);
        Assert.Equal(15m, model.Price.Find("in-region")!.Tokens.Output);
        Assert.True(model.Capabilities.Tools);
        Assert.True(response.Usage.PromptTokens > 0);
        Assert.True(CostCalculator.Public(model.Price.Find("in-region")!, new CallUsage(response.Usage.PromptTokens, response.Usage.CompletionTokens)) > 0m);
        Assert.Equal((EmulatorHost.AppProfileArn, "us-east-1"), (response.Upstream.ModelId, response.Upstream.Region));
        Assert.Equal(3m, response.Upstream.Price?.Find("in-region")?.Tokens.Input); // priced as its base model, never $0
        Assert.Equal(1, _host.Stats.Calls("GetInferenceProfile"));
    }

    internal static ChatRequest Chat(string text, bool stream = false) => new()
    {
        Model = "acct/model",
        Messages = [new ChatMessage { Role = ChatRole.User, Content = [new TextPart(text)] }],
        Stream = stream,
    };
}
