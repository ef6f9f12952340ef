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
        Assert.Equal(new UpstreamInfo(profileId, region), response.Upstream);
        Assert.Equal(EmulatorHost.Sonnet37, provider.Model?.ModelId);
        var seen = _host.Stats.LastRequest!;
        Assert.Equal("/model/" + geo + ".anthropic.claude-3-7-sonnet-20250219-v1%3A0/converse", seen.RawTarget);
        Assert.Equal(region, seen.ServedRegion);
    }
}
