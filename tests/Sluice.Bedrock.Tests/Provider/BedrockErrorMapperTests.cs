using Sluice.Bedrock.Errors;
using Sluice.Bedrock.Provider;
using Sluice.Core.Errors;

namespace Sluice.Bedrock.Tests.Provider;

public class BedrockErrorMapperTests
{
    private static BedrockError Error(string name, int status, string message, TimeSpan? retryAfter = null, string? requestId = null) =>
        new(name, status, message, false, retryAfter, requestId);

    [Fact]
    public void ToGatewayError_OnDemandNotSupported_NamesUsProfileForUsEast1()
    {
        var error = Error("ValidationException", 400,
            "Invocation of model ID anthropic.claude-3-7-sonnet-20250219-v1:0 with on-demand throughput isn’t supported. Retry your request with the ID or ARN of an inference profile that contains this model.");

        var mapped = BedrockErrorMapper.ToGatewayError(error, new BedrockErrorContext("anthropic.claude-3-7-sonnet-20250219-v1:0", "us-east-1"));

        Assert.Equal(400, mapped.Status);
        Assert.Equal(ErrorTypes.InvalidRequest, mapped.Type);
        Assert.Equal("ValidationException", mapped.Code);
        Assert.StartsWith(
            "Model anthropic.claude-3-7-sonnet-20250219-v1:0 can only be called through an inference profile in us-east-1. Use the profile ID us.anthropic.claude-3-7-sonnet-20250219-v1:0 (e.g. set model_id to 'us.anthropic.claude-3-7-sonnet-20250219-v1:0' on this model).",
            mapped.Message);
        Assert.Contains("AWS said: Invocation of model ID", mapped.Message);
    }

    [Theory]
    [InlineData("eu-west-1", "eu.anthropic.claude-sonnet-4-5-20250929-v1:0")]
    [InlineData("ap-northeast-1", "jp.anthropic.claude-sonnet-4-5-20250929-v1:0")]
    [InlineData("ap-southeast-2", "au.anthropic.claude-sonnet-4-5-20250929-v1:0")]
    [InlineData("ap-south-1", "global.anthropic.claude-sonnet-4-5-20250929-v1:0")]
    public void ToGatewayError_OnDemandNotSupported_ProfileFollowsRegion(string region, string expectedProfile)
    {
        var error = Error("ValidationException", 400, "The provided model doesn't support on-demand throughput.");

        var mapped = BedrockErrorMapper.ToGatewayError(error, new BedrockErrorContext("anthropic.claude-sonnet-4-5-20250929-v1:0", region));

        Assert.Contains($"Use the profile ID {expectedProfile} ", mapped.Message);
    }

    [Fact]
    public void ToGatewayError_CrossRegionAccessDenied_NamesDestinationRegionAndPermission()
    {
        var error = Error("AccessDeniedException", 403,
            "User: arn:aws:sts::123456789012:assumed-role/bedrock-access/sluice is not authorized to perform: bedrock:InvokeModel on resource: arn:aws:bedrock:us-west-2::foundation-model/anthropic.claude-3-7-sonnet-20250219-v1:0 because no identity-based policy allows the bedrock:InvokeModel action",
            requestId: "req-1");
        var context = new BedrockErrorContext("us.anthropic.claude-3-7-sonnet-20250219-v1:0", "us-east-1", ProfileId: "us.anthropic.claude-3-7-sonnet-20250219-v1:0");

        var mapped = BedrockErrorMapper.ToGatewayError(error, context);

        Assert.Equal((403, ErrorTypes.Permission, "AccessDeniedException"), (mapped.Status, mapped.Type, mapped.Code));
        Assert.StartsWith(
            "AWS denied access in region us-west-2, a destination region of inference profile us.anthropic.claude-3-7-sonnet-20250219-v1:0. " +
            "Grant bedrock:InvokeModel (and bedrock:InvokeModelWithResponseStream for streaming) on arn:aws:bedrock:us-west-2::foundation-model/anthropic.claude-3-7-sonnet-20250219-v1:0 " +
            "to arn:aws:sts::123456789012:assumed-role/bedrock-access/sluice.",
            mapped.Message);
        Assert.Contains("AWS said: User: arn:aws:sts::123456789012", mapped.Message);
        Assert.EndsWith("(AWS request ID: req-1)", mapped.Message);
        Assert.Equal("bedrock:us-east-1", mapped.Upstream);
    }

    [Fact]
    public void ToGatewayError_SameRegionAccessDenied_NamesRegionAndAction()
    {
        var error = Error("AccessDeniedException", 403,
            "User: arn:aws:iam::123456789012:user/app is not authorized to perform: bedrock:InvokeModelWithResponseStream on resource: arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-lite-v1:0");

        var mapped = BedrockErrorMapper.ToGatewayError(error, new BedrockErrorContext("amazon.nova-lite-v1:0", "us-east-1", Streaming: true));

        Assert.StartsWith("AWS denied bedrock:InvokeModelWithResponseStream in region us-east-1 for model amazon.nova-lite-v1:0. Grant bedrock:InvokeModel", mapped.Message);
        Assert.Contains("to arn:aws:iam::123456789012:user/app.", mapped.Message);
    }

    [Theory]
    [InlineData("ThrottlingException", 429, 429, ErrorTypes.RateLimit)]
    [InlineData("ModelNotReadyException", 429, 429, ErrorTypes.RateLimit)]
    [InlineData("ServiceQuotaExceededException", 400, 429, ErrorTypes.RateLimit)]
    [InlineData("ResourceNotFoundException", 404, 404, ErrorTypes.NotFound)]
    [InlineData("ModelTimeoutException", 408, 408, ErrorTypes.Timeout)]
    [InlineData("ModelErrorException", 424, 502, ErrorTypes.Upstream)]
    [InlineData("ModelStreamErrorException", 424, 502, ErrorTypes.Upstream)]
    [InlineData("InternalServerException", 500, 502, ErrorTypes.Upstream)]
    [InlineData("ServiceUnavailableException", 503, 503, ErrorTypes.Server)]
    [InlineData("SomethingNewException", 418, 502, ErrorTypes.Upstream)]
    public void ToGatewayError_ExceptionName_OpenAiStatusAndNameKeptAsCode(string name, int awsStatus, int status, string type)
    {
        var mapped = BedrockErrorMapper.ToGatewayError(Error(name, awsStatus, "boom"), new BedrockErrorContext("m", "us-east-1"));

        Assert.Equal((status, type, name), (mapped.Status, mapped.Type, mapped.Code));
        Assert.Contains("boom", mapped.Message);
    }

    [Fact]
    public void ToGatewayError_ThrottlingWithoutRetryAfter_RetryableWithOneSecond()
    {
        var mapped = BedrockErrorMapper.ToGatewayError(Error("ThrottlingException", 429, "Too many requests, please wait before trying again."), new BedrockErrorContext("m", "eu-west-1"));

        Assert.True(mapped.Retryable);
        Assert.Equal(TimeSpan.FromSeconds(1), mapped.RetryAfter);
    }

    [Fact]
    public void ToGatewayError_ThrottlingWithRetryAfter_KeepsIt()
    {
        var mapped = BedrockErrorMapper.ToGatewayError(Error("ThrottlingException", 429, "slow down", TimeSpan.FromSeconds(7)), new BedrockErrorContext("m", "eu-west-1"));

        Assert.Equal(TimeSpan.FromSeconds(7), mapped.RetryAfter);
    }
}
