namespace Sluice.Gateway.Tests.AccessControl;

/// <summary>The callers of the role × action matrix.</summary>
internal static class MatrixRows
{
    public const string Admin = "tenant admin";
    public const string Manager = "account manager";
    public const string Access = "access user";
    public const string TeamMember = "member of a team with access";
    public const string NoRole = "user with no role";
    public const string VirtualAccount = "virtual account";
    public const string Expired = "expired key";
    public const string Revoked = "revoked key";
    public const string NoKey = "no key";
    public const string BadKey = "bad key";

    public static readonly string[] All = [Admin, Manager, Access, TeamMember, NoRole, VirtualAccount, Expired, Revoked, NoKey, BadKey];

    public static bool IsUnauthenticated(string row) => row is Expired or Revoked or NoKey or BadKey;
}
