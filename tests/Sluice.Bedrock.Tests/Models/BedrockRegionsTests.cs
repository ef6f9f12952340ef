using Sluice.Bedrock.Models;

namespace Sluice.Bedrock.Tests.Models;

public sealed class BedrockRegionsTests
{
    [Theory]
    [InlineData("us-east-1")]
    [InlineData("us-gov-west-1")]
    [InlineData("cn-northwest-1")]
    [InlineData("ap-southeast-4")]
    public void IsKnown_RealRegion_True(string region) => Assert.True(BedrockRegions.IsKnown(region));

    [Theory]
    [InlineData("us-est-1", "us-east-1")]
    [InlineData("eu-wset-1", "eu-west-1")]
    [InlineData("US-EAST-2", "us-east-2")]
    [InlineData("ap-northeast1", "ap-northeast-1")]
    public void Nearest_Typo_SuggestsRealRegion(string typo, string expected)
    {
        Assert.False(BedrockRegions.IsKnown(typo));
        Assert.Equal(expected, BedrockRegions.Nearest(typo));
    }

    [Fact]
    public void Nearest_Unrelated_Null() => Assert.Null(BedrockRegions.Nearest("mars-central-9000"));

    [Fact]
    public void DnsSuffix_China_UsesComCn() => Assert.Equal("amazonaws.com.cn", BedrockRegions.DnsSuffix("cn-north-1"));
}
