using Sluice.Bedrock.Catalogue;
using Sluice.Core.Providers;

namespace Sluice.Bedrock.Tests.Catalogue;

public class BedrockCatalogueTests
{
    [Theory]
    [InlineData("anthropic.claude-3-7-sonnet-20250219-v1:0")]
    [InlineData("us.anthropic.claude-3-7-sonnet-20250219-v1:0")]
    [InlineData("us-gov.anthropic.claude-3-7-sonnet-20250219-v1:0")]
    [InlineData("jp.anthropic.claude-3-7-sonnet-20250219-v1:0")]
    [InlineData("au.anthropic.claude-3-7-sonnet-20250219-v1:0")]
    [InlineData("global.anthropic.claude-3-7-sonnet-20250219-v1:0")]
    [InlineData("arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-7-sonnet-20250219-v1:0")]
    [InlineData("arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-7-sonnet-20250219-v1:0")]
    public void Find_IdProfileOrArn_FindsBaseModel(string id)
    {
        var info = BedrockCatalogue.Find(id);

        Assert.NotNull(info);
        Assert.Equal("anthropic.claude-3-7-sonnet-20250219-v1:0", info.ModelId);
        Assert.Equal(3m, info.Price!.Find("in-region")!.Tokens.Input);
        Assert.Equal(ReasoningStyle.Anthropic, info.Capabilities.Reasoning);
    }

    [Theory]
    [InlineData("arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abcdef123456")]
    [InlineData("anthropic.claude-9-unknown-v1:0")]
    [InlineData("us.")]
    public void Find_UnknownOrApplicationProfile_Null(string id)
    {
        Assert.Null(BedrockCatalogue.Find(id));
    }

    [Fact]
    public void All_IncludesEmulatorDemoModelsWithTypes()
    {
        (string Id, ModelType Type)[] expected =
        [
            ("anthropic.claude-3-5-sonnet-20240620-v1:0", ModelType.Chat),
            ("anthropic.claude-3-7-sonnet-20250219-v1:0", ModelType.Chat),
            ("amazon.nova-lite-v1:0", ModelType.Chat),
            ("meta.llama3-1-8b-instruct-v1:0", ModelType.Chat),
            ("amazon.titan-embed-text-v2:0", ModelType.Embedding),
            ("cohere.embed-english-v3", ModelType.Embedding),
            ("amazon.titan-image-generator-v2:0", ModelType.Image),
            ("amazon.nova-canvas-v1:0", ModelType.Image),
        ];

        foreach (var (id, type) in expected)
        {
            Assert.Equal(type, BedrockCatalogue.Find(id)?.Types);
        }
    }

    [Fact]
    public void All_PricesFromCatalogueFile()
    {
        Assert.Equal(0.06m, InRegion("amazon.nova-lite-v1:0").Tokens.Input);
        Assert.Equal(0.24m, InRegion("amazon.nova-lite-v1:0").Tokens.Output);
        Assert.Equal(1.25m, BedrockCatalogue.Find("anthropic.claude-haiku-4-5-20251001-v1:0")!.Price!.Find("global")!.Tokens.CacheWrite5m);
        Assert.Equal(0.008m, InRegion("amazon.titan-image-generator-v2:0").ImagePrice("1024x1024", "standard"));
        Assert.Equal(12.50m, InRegion("us.amazon.nova-premier-v1:0").Tokens.Output);
    }

    private static Sluice.Core.Pricing.ScopePrice InRegion(string id) => BedrockCatalogue.Find(id)!.Price!.Find("in-region")!;

    [Fact]
    public void All_ModelIdsUnique()
    {
        var ids = new HashSet<string>();
        foreach (var m in BedrockCatalogue.All)
        {
            Assert.True(ids.Add(m.ModelId), m.ModelId);
        }
    }

    [Fact]
    public void ProfileOnlyAdvice_ProfileOnlyModelByPlainId_SuggestsUsProfile()
    {
        var advice = BedrockCatalogue.ProfileOnlyAdvice("anthropic.claude-sonnet-4-5-20250929-v1:0", "us-east-1");

        Assert.NotNull(advice);
        Assert.Equal("us.anthropic.claude-sonnet-4-5-20250929-v1:0", advice.SuggestedProfileIds[0]);
        Assert.Contains("can only be called through an inference profile in us-east-1", advice.Message);
    }

    [Theory]
    [InlineData("anthropic.claude-3-5-sonnet-20240620-v1:0", "us-east-1")]
    [InlineData("us.anthropic.claude-3-7-sonnet-20250219-v1:0", "us-east-1")]
    [InlineData("amazon.nova-lite-v1:0", "us-east-1")]
    public void ProfileOnlyAdvice_OnDemandModelOrProfileId_Null(string id, string region)
    {
        Assert.Null(BedrockCatalogue.ProfileOnlyAdvice(id, region));
    }

    [Fact]
    public void ProfileOnlyAdvice_NovaOutsideHomeRegion_SuggestsEuProfile()
    {
        var advice = BedrockCatalogue.ProfileOnlyAdvice("amazon.nova-lite-v1:0", "eu-west-1");

        Assert.Equal(["eu.amazon.nova-lite-v1:0"], advice!.SuggestedProfileIds);
    }

    [Fact]
    public void SuggestProfileIds_NewClaudeInTokyo_JpThenGlobal()
    {
        Assert.Equal(
            ["jp.anthropic.claude-sonnet-4-5-20250929-v1:0", "global.anthropic.claude-sonnet-4-5-20250929-v1:0"],
            BedrockCatalogue.SuggestProfileIds("anthropic.claude-sonnet-4-5-20250929-v1:0", "ap-northeast-1"));
    }

    [Theory]
    [InlineData("us-gov-west-1", "us-gov")]
    [InlineData("us-west-2", "us")]
    [InlineData("eu-central-1", "eu")]
    [InlineData("ap-northeast-3", "jp")]
    [InlineData("ap-southeast-4", "au")]
    [InlineData("me-central-1", "apac")]
    [InlineData("ca-central-1", "ca")]
    [InlineData("ap-south-1", "in")]
    [InlineData("sa-east-1", "global")]
    public void GeoPrefixesForRegion_Region_PrimaryGeo(string region, string geo)
    {
        Assert.Equal(geo, GeoPrefixes.ForRegion(region)[0]);
    }
}
