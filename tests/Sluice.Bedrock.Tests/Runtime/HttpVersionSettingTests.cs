using Sluice.Bedrock.Runtime;

namespace Sluice.Bedrock.Tests.Runtime;

/// <summary><c>SLUICE_BEDROCK_HTTP_VERSION</c>: 1.1 unless set to 2; anything else stops the gateway with a message.</summary>
public sealed class HttpVersionSettingTests
{
    [Theory]
    [InlineData(null, "1.1")]
    [InlineData("", "1.1")]
    [InlineData("1.1", "1.1")]
    [InlineData(" 2 ", "2.0")]
    [InlineData("2.0", "2.0")]
    public void HttpVersionProblem_KnownValue_NoneAndTheVersionItNames(string? value, string version)
    {
        Assert.Null(BedrockRuntimeClient.HttpVersionProblem(value));
        Assert.Equal(Version.Parse(version), BedrockHttp.ParseVersion(value));
    }

    [Theory]
    [InlineData("3")]
    [InlineData("h2")]
    public void HttpVersionProblem_UnknownValue_NamesTheVariableAndTheChoices(string value)
    {
        var problem = BedrockRuntimeClient.HttpVersionProblem(value);
        Assert.Equal($"SLUICE_BEDROCK_HTTP_VERSION is \"{value}\"; use 1.1 (the default) or 2.", problem);
    }
}
