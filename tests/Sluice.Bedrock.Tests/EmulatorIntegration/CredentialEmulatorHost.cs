using Sluice.Bedrock.Emulator;

namespace Sluice.Bedrock.Tests.EmulatorIntegration;

/// <summary>The demo fixture plus a second role (own external ID) and a role that only the first role's sessions may assume.</summary>
public sealed class CredentialEmulatorHost : EmulatorHost
{
    public const string OtherRoleArn = "arn:aws:iam::111122223333:role/gateway-other";
    public const string OtherExternalId = "ext-456";
    public const string ChainedRoleArn = "arn:aws:iam::111122223333:role/gateway-chained";

    protected override EmulatorFixture CreateFixture()
    {
        var fixture = EmulatorFixture.LoadDemo();
        fixture.Roles.Add(new FixtureRole
        {
            Arn = OtherRoleArn,
            TrustedPrincipals = ["arn:aws:iam::111122223333:user/gateway-user-1"],
            ExternalId = OtherExternalId,
            Policy = new FixturePolicy { AllowedRegions = ["us-east-1"] },
        });
        fixture.Roles.Add(new FixtureRole
        {
            Arn = ChainedRoleArn,
            TrustedPrincipals = [RoleArn],
            Policy = new FixturePolicy { AllowedRegions = ["us-east-1"] },
        });
        return fixture;
    }
}
