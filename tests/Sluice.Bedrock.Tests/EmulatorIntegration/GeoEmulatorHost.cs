using Sluice.Bedrock.Emulator;

namespace Sluice.Bedrock.Tests.EmulatorIntegration;

/// <summary>The demo fixture plus Claude 3.7 system profiles for every geo prefix, callable with the API key from any Region.</summary>
public sealed class GeoEmulatorHost : EmulatorHost
{
    /// <summary>Geo prefix, and the destination Regions of its profile (the first is where the tests call from).</summary>
    public static readonly (string Geo, string[] Regions)[] Geos =
    [
        ("us-gov", ["us-gov-west-1", "us-gov-east-1"]),
        ("jp", ["ap-northeast-1", "ap-northeast-3"]),
        ("au", ["ap-southeast-2", "ap-southeast-4"]),
        ("apac", ["ap-south-1", "ap-northeast-1"]),
        ("eu", ["eu-central-1", "eu-west-1"]),
        ("global", ["eu-west-1", "us-east-1"]),
    ];

    /// <summary>An application profile that copies the us. system profile of Claude 3.7 (so it routes across Regions).</summary>
    public const string AppOverProfileArn = "arn:aws:bedrock:us-east-1:111122223333:application-inference-profile/b2c3d4e5f6a7";

    protected override EmulatorFixture CreateFixture()
    {
        var fixture = EmulatorFixture.LoadDemo();
        var model = fixture.Models.Find(m => m.Id == Sonnet37)!;
        foreach (var (geo, regions) in Geos)
        {
            foreach (var region in regions)
            {
                if (!model.Regions.Contains(region))
                {
                    model.Regions.Add(region);
                }
            }

            fixture.InferenceProfiles.Add(new FixtureInferenceProfile
            {
                Id = geo + "." + Sonnet37,
                Name = geo + " Claude 3.7 Sonnet",
                ModelId = Sonnet37,
                DestinationRegions = [.. regions],
            });
        }

        fixture.ApplicationInferenceProfiles.Add(new FixtureApplicationProfile
        {
            Arn = AppOverProfileArn,
            Name = "team-b-claude-3-7-us",
            Target = Sonnet37Profile,
        });
        fixture.ApiKeys[0].Policy.AllowedRegions = ["*"];
        return fixture;
    }
}
