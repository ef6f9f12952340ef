using Sluice.Bedrock.Models;

namespace Sluice.Bedrock.Tests.Models;

public sealed class BedrockModelIdentifierTests
{
    [Fact]
    public void Parse_FoundationModelId_IsItsOwnBaseModel()
    {
        var id = BedrockModelIdentifier.Parse("anthropic.claude-3-haiku-20240307-v1:0");

        Assert.Equal(BedrockModelKind.FoundationModel, id.Kind);
        Assert.Equal("anthropic.claude-3-haiku-20240307-v1:0", id.BaseModelId);
        Assert.Equal("anthropic", id.Provider);
        Assert.Null(id.Region);
        Assert.Null(id.GeoPrefix);
        Assert.False(id.IsArn);
    }

    [Theory]
    [InlineData("us.anthropic.claude-3-7-sonnet-20250219-v1:0", "us", "anthropic.claude-3-7-sonnet-20250219-v1:0")]
    [InlineData("eu.amazon.nova-lite-v1:0", "eu", "amazon.nova-lite-v1:0")]
    [InlineData("apac.anthropic.claude-3-5-sonnet-20241022-v2:0", "apac", "anthropic.claude-3-5-sonnet-20241022-v2:0")]
    [InlineData("jp.anthropic.claude-sonnet-4-5-20250929-v1:0", "jp", "anthropic.claude-sonnet-4-5-20250929-v1:0")]
    [InlineData("au.anthropic.claude-haiku-4-5-20251001-v1:0", "au", "anthropic.claude-haiku-4-5-20251001-v1:0")]
    [InlineData("us-gov.anthropic.claude-3-5-sonnet-20240620-v1:0", "us-gov", "anthropic.claude-3-5-sonnet-20240620-v1:0")]
    [InlineData("global.anthropic.claude-sonnet-4-20250514-v1:0", "global", "anthropic.claude-sonnet-4-20250514-v1:0")]
    [InlineData("ca.anthropic.claude-sonnet-4-5-20250929-v1:0", "ca", "anthropic.claude-sonnet-4-5-20250929-v1:0")]
    public void Parse_SystemProfileId_SplitsGeoAndBaseModel(string value, string geo, string baseModel)
    {
        var id = BedrockModelIdentifier.Parse(value);

        Assert.Equal(BedrockModelKind.SystemInferenceProfile, id.Kind);
        Assert.Equal(geo, id.GeoPrefix);
        Assert.Equal(baseModel, id.BaseModelId);
        Assert.Equal(baseModel.Split('.')[0], id.Provider);
    }

    [Fact]
    public void Parse_FoundationModelArn_RegionAndBaseModel()
    {
        var id = BedrockModelIdentifier.Parse("arn:aws:bedrock:eu-central-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0");

        Assert.Equal(BedrockModelKind.FoundationModelArn, id.Kind);
        Assert.Equal("eu-central-1", id.Region);
        Assert.Null(id.AccountId);
        Assert.Equal("anthropic.claude-3-haiku-20240307-v1:0", id.BaseModelId);
    }

    [Fact]
    public void Parse_InferenceProfileArn_RegionGeoAndBaseModel()
    {
        var id = BedrockModelIdentifier.Parse("arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-7-sonnet-20250219-v1:0");

        Assert.Equal(BedrockModelKind.InferenceProfileArn, id.Kind);
        Assert.Equal("us-east-1", id.Region);
        Assert.Equal("123456789012", id.AccountId);
        Assert.Equal("us", id.GeoPrefix);
        Assert.Equal("anthropic.claude-3-7-sonnet-20250219-v1:0", id.BaseModelId);
    }

    [Fact]
    public void Parse_GovCloudProfileArn_KeepsPartitionRegion()
    {
        var id = BedrockModelIdentifier.Parse("arn:aws-us-gov:bedrock:us-gov-west-1:123456789012:inference-profile/us-gov.anthropic.claude-3-5-sonnet-20240620-v1:0");

        Assert.Equal("us-gov-west-1", id.Region);
        Assert.Equal("us-gov", id.GeoPrefix);
    }

    [Fact]
    public void Parse_ApplicationProfileArn_BaseModelUnknown()
    {
        var id = BedrockModelIdentifier.Parse("arn:aws:bedrock:eu-west-1:123456789012:application-inference-profile/a1b2c3d4e5f6");

        Assert.Equal(BedrockModelKind.ApplicationInferenceProfileArn, id.Kind);
        Assert.Equal("eu-west-1", id.Region);
        Assert.Null(id.BaseModelId);
        Assert.Null(id.Provider);
    }

    [Theory]
    [InlineData("arn:aws:bedrock:us-east-1:123456789012:provisioned-model/abcdefghijkl", "provisioned-model")]
    [InlineData("arn:aws:bedrock:us-east-1:123456789012:imported-model/abcdefghijkl", "imported-model")]
    [InlineData("arn:aws:bedrock:us-east-1:123456789012:default-prompt-router/anthropic.claude:1", "default-prompt-router")]
    [InlineData("arn:aws:sagemaker:us-east-1:123456789012:endpoint/my-endpoint", "endpoint")]
    public void Parse_OtherArns_KindOtherWithResourceType(string value, string resourceType)
    {
        var id = BedrockModelIdentifier.Parse(value);

        Assert.Equal(BedrockModelKind.OtherArn, id.Kind);
        Assert.Equal(resourceType, id.ResourceType);
        Assert.Equal("us-east-1", id.Region);
    }

    [Theory]
    [InlineData("")]
    [InlineData("anthropic claude")]
    [InlineData("arn:aws:bedrock")]
    [InlineData("arn:aws:bedrock:us-east-1:1:inference-profile/")]
    [InlineData("anthropic/claude")]
    public void TryParse_Invalid_ReturnsFalseWithReason(string value)
    {
        Assert.False(BedrockModelIdentifier.TryParse(value, out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
        Assert.Throws<FormatException>(() => BedrockModelIdentifier.Parse(value));
    }

    [Fact]
    public void Parse_ProviderNamedLikeGeoWithoutModel_IsFoundationModel()
    {
        // "us.x" has no dotted model after the prefix, so it is not a profile.
        var id = BedrockModelIdentifier.Parse("us.model");

        Assert.Equal(BedrockModelKind.FoundationModel, id.Kind);
    }

    [Theory]
    [InlineData("arn:aws:bedrock:eu-west-1:1:application-inference-profile/x", "us-west-2", "us-east-1", "eu-west-1")]
    [InlineData("anthropic.claude-3-haiku-20240307-v1:0", "us-west-2", "us-east-1", "us-west-2")]
    [InlineData("anthropic.claude-3-haiku-20240307-v1:0", null, "us-east-1", "us-east-1")]
    public void ResolveRegion_ArnThenModelThenAccount(string modelId, string? modelRegion, string accountRegion, string expected) =>
        Assert.Equal(expected, BedrockModelIdentifier.ResolveRegion(modelId, modelRegion, accountRegion));
}
