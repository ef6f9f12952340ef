using Sluice.Bedrock.Provider;
using Sluice.Core.Chat;

namespace Sluice.Bedrock.Tests.EmulatorIntegration;

/// <summary>Every geo prefix of a system profile is a profile, not a provider name, and is called in its own geography.</summary>
public sealed class GeoPrefixTests : IClassFixture<GeoEmulatorHost>
{
    private readonly GeoEmulatorHost _host;

    public GeoPrefixTests(GeoEmulatorHost host)
    {
        _host = host;
        host.Reset();
    }

    public static TheoryData<string, string> Profiles()
    {
        var data = new TheoryData<string, string>();
        foreach (var (geo, regions) in GeoEmulatorHost.Geos)
        {
            data.Add(geo, regions[0]);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public async Task ChatAsync_GeoProfileId_ServedInItsRegionWithCatalogueEntry(string geo, string region)
    {
        var profileId = geo + "." + EmulatorHost.Sonnet37;
        var provider = (BedrockModelProvider)_host.Provider(profileId, _host.ApiKey, accountRegion: region);

        var response = await provider.ChatAsync(new ChatRequest
        {
            Model = "acct/claude",
            Messages = [new ChatMessage { Role = ChatRole.User, Content = [new TextPart("hello " + geo)] }],
        }, default);

        Assert.Contains("hello " + geo, response.Text, StringComparison.Ordinal);
        Assert.Equal((profileId, region), (response.Upstream.ModelId, response.Upstream.Region));
        Assert.Equal(EmulatorHost.Sonnet37, provider.Model?.ModelId);
        var seen = _host.Stats.LastRequest!;
        Assert.Equal("/model/" + geo + ".anthropic.claude-3-7-sonnet-20250219-v1%3A0/converse", seen.RawTarget);
        Assert.Equal(region, seen.ServedRegion);
    }

    [Fact]
    public async Task ChatAsync_ApplicationProfileOverSystemProfile_ReasoningModelCapabilitiesApply()
    {
        var provider = (BedrockModelProvider)_host.Provider(GeoEmulatorHost.AppOverProfileArn, _host.ApiKey, accountRegion: "us-west-2");

        var response = await provider.ChatAsync(new ChatRequest
        {
            Model = "acct/claude",
            Messages = [new ChatMessage { Role = ChatRole.User, Content = [new TextPart("think about it")] }],
            ReasoningEffort = "low",
        }, default);

        Assert.Equal(EmulatorHost.Sonnet37, provider.Model?.ModelId);
        Assert.NotNull(response.Reasoning?.Signature);
        Assert.Equal("us-east-1", response.Upstream.Region);
    }

    [Fact]
    public async Task ChatAsync_ApplicationProfileOverSystemProfileWithoutDestinationGrant_ErrorNamesUsEast2()
    {
        var provider = _host.Provider(GeoEmulatorHost.AppOverProfileArn, EmulatorHost.User1, accountRegion: "us-east-1");

        var e = await Assert.ThrowsAsync<Sluice.Core.Errors.GatewayException>(() => provider.ChatAsync(new ChatRequest
        {
            Model = "acct/claude",
            Messages = [new ChatMessage { Role = ChatRole.User, Content = [new TextPart("hi")] }],
        }, default));

        Assert.Equal(403, e.Error.Status);
        Assert.Contains("region us-east-2", e.Error.Message, StringComparison.Ordinal);
        Assert.Contains("arn:aws:bedrock:us-east-2::foundation-model/" + EmulatorHost.Sonnet37, e.Error.Message, StringComparison.Ordinal);
        Assert.Contains(GeoEmulatorHost.AppOverProfileArn, e.Error.Message, StringComparison.Ordinal);
    }
}
