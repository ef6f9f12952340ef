using System.Net;
using Amazon.Runtime;
using Sluice.Bedrock.ControlPlane;
using Sluice.Bedrock.Credentials;
using Sluice.Bedrock.Errors;
using Sluice.Bedrock.Runtime;
using Sluice.Bedrock.Tests.Credentials;
using Sluice.Bedrock.Tests.Runtime;

namespace Sluice.Bedrock.Tests.ControlPlane;

public sealed class InferenceProfileResolverTests
{
    private const string AppProfileArn = "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/a1b2c3d4e5f6";

    private const string AppProfileJson = """
        {"inferenceProfileName":"team-a","description":"Team A","createdAt":"2025-01-01T00:00:00Z","updatedAt":"2025-01-01T00:00:00Z",
         "inferenceProfileArn":"arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/a1b2c3d4e5f6",
         "models":[{"modelArn":"arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-7-sonnet-20250219-v1:0"},
                   {"modelArn":"arn:aws:bedrock:us-east-2::foundation-model/anthropic.claude-3-7-sonnet-20250219-v1:0"},
                   {"modelArn":"arn:aws:bedrock:us-west-2::foundation-model/anthropic.claude-3-7-sonnet-20250219-v1:0"}],
         "inferenceProfileId":"a1b2c3d4e5f6","status":"ACTIVE","type":"APPLICATION"}
        """;

    private readonly RecordingHandler _handler = new() { Respond = _ => RecordingHandler.Json(AppProfileJson) };
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero));
    private readonly InferenceProfileResolver _resolver;

    public InferenceProfileResolverTests() =>
        _resolver = new InferenceProfileResolver(new HttpMessageInvoker(_handler),
            new BedrockCredentialEngine(new RecordingHandler(), _time, new BasicAWSCredentials("a", "b")), _time);

    [Fact]
    public async Task GetAsync_AppProfileArn_SignedGetToControlPlaneWithEncodedArn()
    {
        var target = new BedrockTarget(AppProfileArn, "eu-west-1", new AccessKeyAuth("AKIDEXAMPLE", "secret"), BedrockEndpoints.Default);

        var info = await _resolver.GetAsync(target, default);

        var sent = _handler.Last;
        Assert.Equal(HttpMethod.Get, sent.Method);
        Assert.Equal("bedrock.us-east-1.amazonaws.com", sent.Uri.Host);
        Assert.Equal("/inference-profiles/arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Aapplication-inference-profile%2Fa1b2c3d4e5f6",
            sent.Uri.AbsolutePath);
        Assert.Contains("/us-east-1/bedrock/aws4_request, SignedHeaders=host;x-amz-date,", sent.Header("Authorization"), StringComparison.Ordinal);
        Assert.Empty(sent.Body);

        Assert.Equal("a1b2c3d4e5f6", info.Id);
        Assert.Equal(AppProfileArn, info.Arn);
        Assert.Equal("APPLICATION", info.Type);
        Assert.Equal(3, info.ModelArns.Count);
        Assert.Equal(["us-east-1", "us-east-2", "us-west-2"], info.Regions);
        Assert.Equal("anthropic.claude-3-7-sonnet-20250219-v1:0", info.BaseModelId);
    }

    [Fact]
    public async Task GetAsync_RepeatedWithinAnHour_AnsweredFromCache()
    {
        var target = new BedrockTarget(AppProfileArn, "us-east-1", new ApiKeyAuth("ABSKkey"), BedrockEndpoints.Default);

        await _resolver.GetAsync(target, default);
        _time.Advance(TimeSpan.FromMinutes(59));
        await _resolver.GetAsync(target, default);
        Assert.Single(_handler.Requests);
        Assert.Equal("Bearer ABSKkey", _handler.Last.Header("Authorization"));

        _time.Advance(TimeSpan.FromMinutes(2));
        await _resolver.GetAsync(target, default);
        Assert.Equal(2, _handler.Requests.Count);
    }

    [Fact]
    public async Task GetAsync_Failure_NotCached()
    {
        var target = new BedrockTarget(AppProfileArn, "us-east-1", new ApiKeyAuth("k"), BedrockEndpoints.Default);
        _handler.Respond = _ =>
        {
            var response = RecordingHandler.Json("""{"message":"User is not authorized to perform: bedrock:GetInferenceProfile"}""", HttpStatusCode.Forbidden);
            response.Headers.TryAddWithoutValidation("x-amzn-ErrorType", "AccessDeniedException:http://internal.amazon.com/coral/com.amazon.bedrock/");
            return response;
        };

        var error = await Assert.ThrowsAsync<BedrockException>(() => _resolver.GetAsync(target, default));
        Assert.Equal("AccessDeniedException", error.Error.ExceptionName);
        Assert.Equal(403, error.Error.Status);

        _handler.Respond = _ => RecordingHandler.Json(AppProfileJson);
        var info = await _resolver.GetAsync(target, default);
        Assert.Equal("a1b2c3d4e5f6", info.Id);
        Assert.Equal(2, _handler.Requests.Count);
    }

    [Fact]
    public async Task GetAsync_SystemProfileId_ParsesSystemDefined()
    {
        _handler.Respond = _ => RecordingHandler.Json("""
            {"inferenceProfileName":"US Nova Lite","inferenceProfileArn":"arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.amazon.nova-lite-v1:0",
             "models":[{"modelArn":"arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-lite-v1:0"},{"modelArn":"arn:aws:bedrock:us-west-2::foundation-model/amazon.nova-lite-v1:0"}],
             "inferenceProfileId":"us.amazon.nova-lite-v1:0","status":"ACTIVE","type":"SYSTEM_DEFINED"}
            """);
        var target = new BedrockTarget("us.amazon.nova-lite-v1:0", "us-east-1", new ApiKeyAuth("k"),
            BedrockEndpoints.FromTemplates(null, controlPlane: "http://bedrock.{region}.localhost:4000"));

        var info = await _resolver.GetAsync(target, default);

        Assert.Equal("http://bedrock.us-east-1.localhost:4000/inference-profiles/us.amazon.nova-lite-v1%3A0", _handler.Last.Uri.AbsoluteUri);
        Assert.Equal("SYSTEM_DEFINED", info.Type);
        Assert.Equal("amazon.nova-lite-v1:0", info.BaseModelId);
        Assert.Equal(["us-east-1", "us-west-2"], info.Regions);
    }
}
