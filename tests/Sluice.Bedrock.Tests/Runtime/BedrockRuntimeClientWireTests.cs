using System.Text;
using Amazon.Runtime;
using Sluice.Bedrock.Credentials;
using Sluice.Bedrock.Runtime;
using Sluice.Bedrock.Tests.Credentials;

namespace Sluice.Bedrock.Tests.Runtime;

/// <summary>Golden wire tests: the exact HTTP request the client puts on the wire.</summary>
public sealed class BedrockRuntimeClientWireTests
{
    private const string ConverseBody =
        """{"messages":[{"role":"user","content":[{"text":"Hello"}]}],"inferenceConfig":{"maxTokens":256}}""";
    private const string ProfileArn =
        "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-7-sonnet-20250219-v1:0";

    private static readonly AccessKeyAuth ExampleKeys = new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");

    private readonly RecordingHandler _handler = new();
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero));
    private readonly BedrockRuntimeClient _client;

    public BedrockRuntimeClientWireTests() => _client = CreateClient(_ => null);

    [Fact]
    public async Task ConverseAsync_ProfileArn_SendsBotocoreGoldenRequest()
    {
        var target = new BedrockTarget(ProfileArn, "us-east-1", ExampleKeys, BedrockEndpoints.Default);

        await _client.ConverseAsync(target, Encoding.UTF8.GetBytes(ConverseBody), default);

        var sent = _handler.Last;
        Assert.Equal(HttpMethod.Post, sent.Method);
        Assert.Equal("bedrock-runtime.us-east-1.amazonaws.com", sent.Uri.Host);
        Assert.Equal(
            "/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Ainference-profile%2Fus.anthropic.claude-3-7-sonnet-20250219-v1%3A0/converse",
            sent.Uri.AbsolutePath);
        Assert.Equal(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20250102/us-east-1/bedrock/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=cc6cf9034f46c7dd9fd1df0176dee4becdd00682cd6530d05fbcbefe53ef98f1",
            sent.Header("Authorization"));
        Assert.Equal("20250102T030405Z", sent.Header("X-Amz-Date"));
        Assert.Equal("application/json", sent.Header("Content-Type"));
        Assert.Equal("application/json", sent.Header("Accept"));
        Assert.Equal("bedrock-runtime.us-east-1.amazonaws.com", sent.Header("Host"));
        Assert.Null(sent.Header("X-Amz-Content-Sha256"));
        Assert.Null(sent.Header("X-Amz-Security-Token"));
        Assert.Equal(ConverseBody, Encoding.UTF8.GetString(sent.Body));
    }

    [Fact]
    public async Task ConverseAsync_SessionToken_SendsAndSignsToken()
    {
        var target = new BedrockTarget(ProfileArn, "us-east-1", ExampleKeys with { SessionToken = "EXAMPLESESSIONTOKEN" }, BedrockEndpoints.Default);

        await _client.ConverseAsync(target, Encoding.UTF8.GetBytes(ConverseBody), default);

        Assert.Equal("EXAMPLESESSIONTOKEN", _handler.Last.Header("X-Amz-Security-Token"));
        Assert.EndsWith(
            "SignedHeaders=content-type;host;x-amz-date;x-amz-security-token, Signature=1ee21b5fb7742d80ce266197299edbafdf124699c34243e001c874b5ba183fa4",
            _handler.Last.Header("Authorization"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConverseAsync_PlainModelId_EncodesColonInPath()
    {
        var target = new BedrockTarget("anthropic.claude-3-haiku-20240307-v1:0", "us-west-2", ExampleKeys, BedrockEndpoints.Default);

        var response = await _client.ConverseAsync(target, "{}"u8.ToArray(), default);

        Assert.Equal("https://bedrock-runtime.us-west-2.amazonaws.com/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse",
            _handler.Last.Uri.AbsoluteUri);
        Assert.Contains("/us-west-2/bedrock/aws4_request", _handler.Last.Header("Authorization"), StringComparison.Ordinal);
        Assert.Equal("us-west-2", response.Region);
        Assert.Equal("11111111-2222-3333-4444-555555555555", response.RequestId);
        Assert.Equal("""{"ok":true}""", Encoding.UTF8.GetString(response.Body));
    }

    [Fact]
    public async Task ConverseAsync_SystemProfileId_KeepsGeoPrefixInOneSegment()
    {
        var target = new BedrockTarget("us-gov.anthropic.claude-3-5-sonnet-20240620-v1:0", "us-gov-west-1", ExampleKeys, BedrockEndpoints.Default);

        await _client.ConverseAsync(target, "{}"u8.ToArray(), default);

        Assert.Equal("/model/us-gov.anthropic.claude-3-5-sonnet-20240620-v1%3A0/converse", _handler.Last.Uri.AbsolutePath);
        Assert.Equal("bedrock-runtime.us-gov-west-1.amazonaws.com", _handler.Last.Uri.Host);
    }

    [Fact]
    public async Task ConverseAsync_AppProfileArnInOtherRegion_CallsAndSignsForArnRegion()
    {
        const string arn = "arn:aws:bedrock:eu-west-1:123456789012:application-inference-profile/a1b2c3d4e5f6";
        var target = new BedrockTarget(arn, "us-east-1", ExampleKeys, BedrockEndpoints.Default);

        var response = await _client.ConverseAsync(target, "{}"u8.ToArray(), default);

        Assert.Equal("bedrock-runtime.eu-west-1.amazonaws.com", _handler.Last.Uri.Host);
        Assert.Equal("/model/arn%3Aaws%3Abedrock%3Aeu-west-1%3A123456789012%3Aapplication-inference-profile%2Fa1b2c3d4e5f6/converse",
            _handler.Last.Uri.AbsolutePath);
        Assert.Contains("/eu-west-1/bedrock/aws4_request", _handler.Last.Header("Authorization"), StringComparison.Ordinal);
        Assert.Equal("eu-west-1", response.Region);
    }

    [Fact]
    public async Task ConverseAsync_ApiKey_SendsBearerWithoutSigV4()
    {
        var target = new BedrockTarget("amazon.nova-lite-v1:0", "us-east-1", new ApiKeyAuth("ABSKQmVkcm9ja0FQSUtleS1abc"), BedrockEndpoints.Default);

        await _client.ConverseAsync(target, Encoding.UTF8.GetBytes(ConverseBody), default);

        var sent = _handler.Last;
        Assert.Equal("Bearer ABSKQmVkcm9ja0FQSUtleS1abc", sent.Header("Authorization"));
        Assert.Null(sent.Header("X-Amz-Security-Token"));
        Assert.Null(sent.Header("X-Amz-Content-Sha256"));
        Assert.Equal(ConverseBody, Encoding.UTF8.GetString(sent.Body));
    }

    [Fact]
    public async Task ConverseStreamAsync_AnyModel_AsksForEventStream()
    {
        _handler.Respond = _ => RecordingHandler.EventStream(new MemoryStream(StreamBodies.CompleteConverse()));
        var target = new BedrockTarget("amazon.nova-lite-v1:0", "us-east-1", ExampleKeys, BedrockEndpoints.Default);

        await using var stream = await _client.ConverseStreamAsync(target, "{}"u8.ToArray(), default);

        Assert.Equal("/model/amazon.nova-lite-v1%3A0/converse-stream", _handler.Last.Uri.AbsolutePath);
        Assert.Equal("application/vnd.amazon.eventstream", _handler.Last.Header("Accept"));
        Assert.Equal("application/json", _handler.Last.Header("Content-Type"));
        Assert.Equal("stream-request-id", stream.RequestId);
    }

    [Fact]
    public async Task InvokeModelWithResponseStreamAsync_CustomAccept_SendsBedrockAcceptHeader()
    {
        _handler.Respond = _ => RecordingHandler.EventStream(new MemoryStream(StreamBodies.InvokeChunks(2)));
        var target = new BedrockTarget("anthropic.claude-3-haiku-20240307-v1:0", "us-east-1", ExampleKeys, BedrockEndpoints.Default);

        await using var stream = await _client.InvokeModelWithResponseStreamAsync(target, "{}"u8.ToArray(), default, accept: "*/*");

        Assert.Equal("/model/anthropic.claude-3-haiku-20240307-v1%3A0/invoke-with-response-stream", _handler.Last.Uri.AbsolutePath);
        Assert.Equal("*/*", _handler.Last.Header("X-Amzn-Bedrock-Accept"));
    }

    [Fact]
    public async Task InvokeModelAsync_NativeBody_PassesBodyAndAcceptThrough()
    {
        var body = Encoding.UTF8.GetBytes("""{"inputText":"hi","dimensions":256}""");
        var target = new BedrockTarget("amazon.titan-embed-text-v2:0", "us-east-1", ExampleKeys, BedrockEndpoints.Default);

        var response = await _client.InvokeModelAsync(target, body, default, accept: "application/json");

        Assert.Equal("/model/amazon.titan-embed-text-v2%3A0/invoke", _handler.Last.Uri.AbsolutePath);
        Assert.Equal(body, _handler.Last.Body);
        Assert.Equal("application/json", _handler.Last.Header("Accept"));
        Assert.StartsWith("application/json", response.ContentType, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CountTokensAsync_Answer_ReturnsInputTokens()
    {
        _handler.Respond = _ => RecordingHandler.Json("""{"inputTokens":42}""");
        var target = new BedrockTarget("anthropic.claude-3-haiku-20240307-v1:0", "us-east-1", ExampleKeys, BedrockEndpoints.Default);

        var tokens = await _client.CountTokensAsync(target, """{"input":{"converse":{"messages":[]}}}"""u8.ToArray(), default);

        Assert.Equal(42, tokens);
        Assert.Equal("/model/anthropic.claude-3-haiku-20240307-v1%3A0/count-tokens", _handler.Last.Uri.AbsolutePath);
    }

    [Fact]
    public async Task ConverseAsync_RegionTemplateEndpointWithPort_FillsRegionAndSignsHostWithPort()
    {
        var endpoints = BedrockEndpoints.FromTemplates("http://bedrock-runtime.{region}.localhost:4000");
        var target = new BedrockTarget("amazon.nova-lite-v1:0", "ap-southeast-2", ExampleKeys, endpoints);

        await _client.ConverseAsync(target, "{}"u8.ToArray(), default);

        Assert.Equal("http://bedrock-runtime.ap-southeast-2.localhost:4000/model/amazon.nova-lite-v1%3A0/converse", _handler.Last.Uri.AbsoluteUri);
        Assert.Equal("bedrock-runtime.ap-southeast-2.localhost:4000", _handler.Last.Header("Host"));
    }

    [Fact]
    public async Task ConverseAsync_EnvironmentEndpoint_UsedWhenTargetHasNone()
    {
        var client = CreateClient(name => name == "AWS_ENDPOINT_URL_BEDROCK_RUNTIME" ? "http://127.0.0.1:4000/{region}" : null);
        var target = new BedrockTarget("amazon.nova-lite-v1:0", "eu-central-1", ExampleKeys, BedrockEndpoints.Default);

        await client.ConverseAsync(target, "{}"u8.ToArray(), default);

        Assert.Equal("http://127.0.0.1:4000/eu-central-1/model/amazon.nova-lite-v1%3A0/converse", _handler.Last.Uri.AbsoluteUri);
        Assert.Equal("127.0.0.1:4000", _handler.Last.Header("Host"));
    }

    [Fact]
    public async Task ConverseAsync_ExplicitEndpoint_WinsOverEnvironment()
    {
        var client = CreateClient(name => name == "AWS_ENDPOINT_URL_BEDROCK_RUNTIME" ? "http://127.0.0.1:9/" : null);
        var target = new BedrockTarget("amazon.nova-lite-v1:0", "us-east-1", ExampleKeys, new BedrockEndpoints(Runtime: new Uri("http://127.0.0.1:4001")));

        await client.ConverseAsync(target, "{}"u8.ToArray(), default);

        Assert.Equal(4001, _handler.Last.Uri.Port);
    }

    [Fact]
    public async Task ConverseAsync_AssumeRoleWithStsTemplate_SignsWithRoleCredentialsFromTargetSts()
    {
        var sts = new FakeStsHandler(_time);
        var client = new BedrockRuntimeClient(new HttpMessageInvoker(_handler),
            new BedrockCredentialEngine(sts, _time, new BasicAWSCredentials("AKIDSOURCE", "s")), _time, new BedrockEndpointResolver(_ => null));
        var endpoints = BedrockEndpoints.FromTemplates(null, sts: "http://sts.{region}.localhost:4566");
        var target = new BedrockTarget("amazon.nova-lite-v1:0", "eu-west-1", new AssumeRoleAuth("arn:aws:iam::123456789012:role/r", "ext-1"), endpoints);

        await client.ConverseAsync(target, "{}"u8.ToArray(), default);
        await client.ConverseAsync(target, "{}"u8.ToArray(), default);

        Assert.Equal("sts.eu-west-1.localhost", Assert.Single(sts.Uris).Host);
        Assert.Contains("ExternalId=ext-1", sts.Bodies[0], StringComparison.Ordinal);
        Assert.Equal("token-1", _handler.Last.Header("X-Amz-Security-Token"));
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=ASIAFAKE0001/", _handler.Last.Header("Authorization"), StringComparison.Ordinal);
    }

    private BedrockRuntimeClient CreateClient(Func<string, string?> environment) =>
        new(new HttpMessageInvoker(_handler), new BedrockCredentialEngine(new RecordingHandler(), _time, new BasicAWSCredentials("a", "b")),
            _time, new BedrockEndpointResolver(environment));
}
