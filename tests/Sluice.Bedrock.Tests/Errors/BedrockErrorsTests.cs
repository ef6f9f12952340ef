using System.Text;
using Sluice.Bedrock.Errors;

namespace Sluice.Bedrock.Tests.Errors;

public sealed class BedrockErrorsTests
{
    private static readonly DateTimeOffset Now = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [Theory]
    [InlineData("AccessDeniedException", 403, false)]
    [InlineData("ValidationException", 400, false)]
    [InlineData("ThrottlingException", 429, true)]
    [InlineData("ModelNotReadyException", 429, true)]
    [InlineData("ModelTimeoutException", 408, true)]
    [InlineData("ModelErrorException", 424, false)]
    [InlineData("ModelStreamErrorException", 424, false)]
    [InlineData("ResourceNotFoundException", 404, false)]
    [InlineData("ServiceQuotaExceededException", 400, false)]
    [InlineData("ConflictException", 400, false)]
    [InlineData("InternalServerException", 500, true)]
    [InlineData("ServiceUnavailableException", 503, true)]
    public void FromHttpResponse_EachModeledException_StatusAndRetryFromTable(string name, int status, bool retryable)
    {
        var error = BedrockErrors.FromHttpResponse(status, name + ":http://internal.amazon.com/coral/com.amazon.bedrock/",
            """{"message":"something"}"""u8, null, Now);

        Assert.Equal(name, error.ExceptionName);
        Assert.Equal(status, error.Status);
        Assert.Equal(retryable, error.Retryable);
        Assert.Equal("something", error.Message);
    }

    [Fact]
    public void FromHttpResponse_ServiceQuotaSentWith429_KeepsModelStatus400()
    {
        var error = BedrockErrors.FromHttpResponse(429, "ServiceQuotaExceededException", """{"message":"quota"}"""u8, null, Now);

        Assert.Equal(400, error.Status);
    }

    [Fact]
    public void FromHttpResponse_NoHeader_UsesBodyTypeAfterHash()
    {
        var error = BedrockErrors.FromHttpResponse(403, null,
            """{"__type":"com.amazon.coral.service#UnrecognizedClientException","Message":"The security token included in the request is invalid."}"""u8,
            null, Now);

        Assert.Equal("UnrecognizedClientException", error.ExceptionName);
        Assert.Equal(403, error.Status);
        Assert.False(error.Retryable);
        Assert.Equal("The security token included in the request is invalid.", error.Message);
    }

    [Fact]
    public void FromHttpResponse_BodyCodeField_Used()
    {
        var error = BedrockErrors.FromHttpResponse(400, null, """{"Code":"ValidationException","message":"bad"}"""u8, null, Now);

        Assert.Equal("ValidationException", error.ExceptionName);
    }

    [Fact]
    public void FromHttpResponse_UnknownName_KeptWithHttpStatus()
    {
        var error = BedrockErrors.FromHttpResponse(502, "BrandNewException", """{"message":"new"}"""u8, null, Now);

        Assert.Equal("BrandNewException", error.ExceptionName);
        Assert.Equal(502, error.Status);
        Assert.True(error.Retryable);
    }

    [Fact]
    public void FromHttpResponse_RetryAfterSeconds_Parsed()
    {
        var error = BedrockErrors.FromHttpResponse(503, "ServiceUnavailableException", """{"message":"x"}"""u8, "12", Now);

        Assert.Equal(TimeSpan.FromSeconds(12), error.RetryAfter);
    }

    [Fact]
    public void FromHttpResponse_RetryAfterHttpDate_RelativeToNow()
    {
        var error = BedrockErrors.FromHttpResponse(429, "ThrottlingException", """{"message":"x"}"""u8, "Thu, 02 Jan 2025 03:04:35 GMT", Now);

        Assert.Equal(TimeSpan.FromSeconds(30), error.RetryAfter);
    }

    [Fact]
    public void FromHttpResponse_ThrottlingWithoutRetryAfter_HintsOneSecond()
    {
        var error = BedrockErrors.FromHttpResponse(429, "ThrottlingException", """{"message":"x"}"""u8, null, Now);

        Assert.Equal(TimeSpan.FromSeconds(1), error.RetryAfter);
    }

    [Fact]
    public void FromHttpResponse_AccessDenied_NoRetryAfter()
    {
        var error = BedrockErrors.FromHttpResponse(403, "AccessDeniedException", """{"message":"no"}"""u8, null, Now);

        Assert.Null(error.RetryAfter);
    }

    [Fact]
    public void FromHttpResponse_HtmlBodyNoHeader_NamesByStatusAndKeepsText()
    {
        var error = BedrockErrors.FromHttpResponse(503, null, Encoding.UTF8.GetBytes("<html>Service Unavailable</html>"), null, Now);

        Assert.Equal("ServiceUnavailableException", error.ExceptionName);
        Assert.Equal("<html>Service Unavailable</html>", error.Message);
        Assert.True(error.Retryable);
    }

    [Fact]
    public void FromHttpResponse_ModelErrorWithOriginalMessage_KeepsIt()
    {
        var error = BedrockErrors.FromHttpResponse(424, "ModelErrorException",
            """{"message":"The model returned an error","originalStatusCode":400,"resourceName":"x","originalMessage":"bad prompt"}"""u8, null, Now);

        Assert.Equal("bad prompt", error.OriginalMessage);
    }

    [Fact]
    public void FromStreamException_LowerCamelName_CapitalizedWithTableStatus()
    {
        var error = BedrockErrors.FromStreamException("serviceUnavailableException", """{"message":"busy"}"""u8);

        Assert.Equal("ServiceUnavailableException", error.ExceptionName);
        Assert.Equal(503, error.Status);
        Assert.True(error.Retryable);
    }

    [Fact]
    public void FromNetwork_Timeout_NamedTimeoutAndRetryable()
    {
        var exception = BedrockErrors.FromNetwork(new TaskCanceledException("timed out", new TimeoutException()), "eu-west-1");

        Assert.Equal(BedrockExceptionNames.Timeout, exception.Error.ExceptionName);
        Assert.True(exception.Error.Retryable);
        Assert.Equal("eu-west-1", exception.Error.Region);
    }
}
