using Sluice.Core.Pricing;

namespace Sluice.Gateway.Tests.Pricing;

public class CostCalculatorTests
{
    private static readonly ModelPricing Claude = new(
    [
        new ScopePrice("in-region", new TokenRates(3.3m, 16.5m, 0.33m, 4.125m, 6.6m))
        {
            LongContext = new LongContextRates(200_000, new TokenRates(6.6m, 24.75m, 0.66m, 8.25m)),
        },
        new ScopePrice("region:eu-west-3", new TokenRates(3.5m, 17m)),
        new ScopePrice("geo:eu", new TokenRates(3.4m, 17m)),
        new ScopePrice("global", new TokenRates(3m, 15m, 0.3m, 3.75m)),
        new ScopePrice("us-gov", new TokenRates(3.6m, 18m)),
    ]);

    [Theory]
    [InlineData("anthropic.claude-x-v1:0", "us-east-1", "us-east-1", 3.3)]
    [InlineData("anthropic.claude-x-v1:0", "eu-west-3", "eu-west-3", 3.5)]
    [InlineData("us.anthropic.claude-x-v1:0", "us-east-1", "geo:us", 3.3)]
    [InlineData("eu.anthropic.claude-x-v1:0", "eu-west-1", "geo:eu", 3.4)]
    [InlineData("global.anthropic.claude-x-v1:0", "eu-west-1", "global", 3.0)]
    [InlineData("us-gov.anthropic.claude-x-v1:0", "us-gov-west-1", "us-gov", 3.6)]
    [InlineData("anthropic.claude-x-v1:0", "us-gov-west-1", "us-gov", 3.6)]
    [InlineData("arn:aws:bedrock:us-east-1:111122223333:inference-profile/global.anthropic.claude-x-v1:0", "us-east-1", "global", 3.0)]
    public void Price_CalledId_PricedAtItsScope(string calledId, string region, string scope, double inputPerMillion)
    {
        var cost = CostCalculator.Price(null, Claude, calledId, region, new CallUsage(100_000, 0));

        Assert.Equal(scope, cost.Scope);
        Assert.Equal((decimal)inputPerMillion / 10, cost.Usd);
    }

    [Fact]
    public void Price_AboveLongContextThreshold_WholeRequestAtLongContextRates()
    {
        var below = CostCalculator.Price(null, Claude, "anthropic.claude-x-v1:0", "us-east-1", new CallUsage(200_000, 1000)).Usd;
        var above = CostCalculator.Price(null, Claude, "anthropic.claude-x-v1:0", "us-east-1", new CallUsage(200_001, 1000)).Usd;

        Assert.Equal((200_000 * 3.3m + 1000 * 16.5m) / 1_000_000m, below);
        Assert.Equal((200_001 * 6.6m + 1000 * 24.75m) / 1_000_000m, above);
    }

    [Fact]
    public void Price_CacheReadsAndWrites_EachAtItsOwnRate()
    {
        var usage = new CallUsage(10_000, 100, CacheReadTokens: 3000, CacheWriteTokens: 2000, CacheWrite1hTokens: 500);

        var cost = CostCalculator.Price(null, Claude, "anthropic.claude-x-v1:0", "us-east-1", usage).Usd;

        Assert.Equal((5000 * 3.3m + 100 * 16.5m + 3000 * 0.33m + 1500 * 4.125m + 500 * 6.6m) / 1_000_000m, cost);
    }

    [Fact]
    public void Price_UsedDimensionWithoutPrice_Unknown()
    {
        var cost = CostCalculator.Price(null, Claude, "us-gov.anthropic.claude-x-v1:0", "us-gov-west-1", new CallUsage(100, 10, CacheReadTokens: 50));

        Assert.Null(cost.Usd);
        Assert.Equal("us-gov", cost.Scope);
    }

    [Fact]
    public void Price_NoPublicPrice_UnknownNeverZero()
    {
        var cost = CostCalculator.Price(null, null, "zai.glm-5", "us-east-1", new CallUsage(100, 10));

        Assert.Null(cost.Usd);
    }

    [Fact]
    public void Price_ScopeWithoutPrice_Unknown()
    {
        var inRegionOnly = new ModelPricing([new ScopePrice("in-region", new TokenRates(1m, 2m))]);

        Assert.Null(CostCalculator.Price(null, inRegionOnly, "global.m-v1:0", "us-east-1", new CallUsage(100, 10)).Usd);
        Assert.Equal(0.0003m, CostCalculator.Price(null, inRegionOnly, "us.m-v1:0", "us-east-1", new CallUsage(100, 100)).Usd);
    }

    [Fact]
    public void Price_PrivateCost_WinsPerThousandTokensPerImageAndPerSuccessfulRequest()
    {
        var own = new PrivateCost(InputPer1K: 0.5m, OutputPer1K: 1.5m, CacheReadPer1K: 0.05m, PerImage: 0.02m, PerRequest: 0.001m);

        var chat = CostCalculator.Price(own, Claude, "global.anthropic.claude-x-v1:0", "us-east-1", new CallUsage(2000, 1000, CacheReadTokens: 1000));
        var image = CostCalculator.Price(own, null, "amazon.nova-canvas-v1:0", "us-east-1", new CallUsage(0, 0, Images: 3));
        var failed = CostCalculator.Price(own, null, "amazon.nova-canvas-v1:0", "us-east-1", new CallUsage(0, 0, Succeeded: false));

        Assert.Equal(("private", 0.5m + 1.5m + 0.05m + 0.001m), (chat.Scope, chat.Usd!.Value));
        Assert.Equal(3 * 0.02m + 0.001m, image.Usd);
        Assert.Equal(0m, failed.Usd);
    }

    [Fact]
    public void Price_Images_BySizeAndQualityStandardWhenQualityUnlisted()
    {
        var canvas = new ModelPricing([new ScopePrice("in-region", new TokenRates(null, null))
        {
            Images = [new ImageRate("1024x1024", "standard", 0.04m), new ImageRate("1024x1024", "premium", 0.06m), new ImageRate("2048x2048", "standard", 0.06m)],
        }]);

        Assert.Equal(0.12m, CostCalculator.Price(null, canvas, "amazon.nova-canvas-v1:0", "us-east-1", new CallUsage(0, 0, Images: 2, ImageSize: "1024x1024", ImageQuality: "premium")).Usd);
        Assert.Equal(0.06m, CostCalculator.Price(null, canvas, "amazon.nova-canvas-v1:0", "us-east-1", new CallUsage(0, 0, Images: 1, ImageSize: "2048x2048", ImageQuality: "premium")).Usd);
        Assert.Null(CostCalculator.Price(null, canvas, "amazon.nova-canvas-v1:0", "us-east-1", new CallUsage(0, 0, Images: 1, ImageSize: "512x512")).Usd);
    }

    [Fact]
    public void Price_ImageSizeAny_CoversEverySizeExactSizeWins()
    {
        var stability = new ModelPricing([new ScopePrice("in-region", new TokenRates(null, null))
        {
            Images = [new ImageRate("any", "standard", 0.04m), new ImageRate("1536x1536", "standard", 0.05m)],
        }]);

        Assert.Equal(0.04m, CostCalculator.Price(null, stability, "stability.x-v1:0", "us-west-2", new CallUsage(0, 0, Images: 1, ImageSize: "1024x1024")).Usd);
        Assert.Equal(0.05m, CostCalculator.Price(null, stability, "stability.x-v1:0", "us-west-2", new CallUsage(0, 0, Images: 1, ImageSize: "1536x1536", ImageQuality: "premium")).Usd);
    }
}
