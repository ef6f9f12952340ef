using Sluice.Core.Access;

namespace Sluice.Gateway.Tests.Access;

/// <summary>One tenant with one principal per row of the role × action matrix.</summary>
internal static class AccessFixture
{
    public const string Account = "my-bedrock";
    public const string Open = "claude";            // not narrowed
    public const string Narrow = "claude-narrow";   // authorized_subjects: team:ml, user:nobody@x.com, user:teammgr@x.com
    public const string Other = "other-account";

    public static AccessModelInput Input() => new()
    {
        Users =
        [
            new UserInput("admin@x.com", IsTenantAdmin: true),
            new UserInput("mgr@x.com"),
            new UserInput("teammgr@x.com"),
            new UserInput("acc@x.com"),
            new UserInput("Member@X.com"),
            new UserInput("nobody@x.com"),
            new UserInput("gone@x.com", Active: false),
        ],
        Teams =
        [
            new TeamInput("platform-admins", ["teammgr@x.com", "gone@x.com"]),
            new TeamInput("ml", ["member@x.com", "gone@x.com"]),
        ],
        VirtualAccounts =
        [
            new VirtualAccountInput("bot-account", [new PermissionInput(Account, ProviderAccountRoles.Access)]),
            new VirtualAccountInput("bot-model", [new PermissionInput(Account + "/" + Narrow, ProviderAccountRoles.Access)]),
            new VirtualAccountInput("bot-manager", [new PermissionInput(Account, ProviderAccountRoles.Manager)]),
        ],
        Accounts =
        [
            new ProviderAccountInput(
                Account,
                [
                    new CollaboratorInput("user:mgr@x.com", ProviderAccountRoles.Manager),
                    new CollaboratorInput("user:gone@x.com", ProviderAccountRoles.Manager),
                    new CollaboratorInput("team:platform-admins", ProviderAccountRoles.Manager),
                    new CollaboratorInput("user:ACC@x.com", ProviderAccountRoles.Access),
                    new CollaboratorInput("team:ml", ProviderAccountRoles.Access),
                ],
                [
                    new ProviderModelInput(Open),
                    new ProviderModelInput(Narrow, ["team:ml", "user:nobody@x.com", "user:teammgr@x.com"]),
                ]),
            new ProviderAccountInput(Other, [new CollaboratorInput("user:nobody@x.com", "provider-account-owner")], [new ProviderModelInput("m")]),
        ],
    };

    public static Principal Row(AccessModel model, string row) => row switch
    {
        "tenant-admin" => model.PrincipalFor("admin@x.com")!,
        "manager" => model.PrincipalFor("mgr@x.com")!,
        "manager-via-team" => model.PrincipalFor("teammgr@x.com")!,
        "access-user" => model.PrincipalFor("acc@x.com")!,
        "team-member-with-access" => model.PrincipalFor("member@x.com")!,
        "no-role" => model.PrincipalFor("nobody@x.com")!,
        "va-account-permission" => model.PrincipalForVirtualAccount("bot-account")!,
        "va-model-permission" => model.PrincipalForVirtualAccount("bot-model")!,
        "va-manager-permission" => model.PrincipalForVirtualAccount("bot-manager")!,
        _ => throw new ArgumentOutOfRangeException(nameof(row), row, null),
    };
}
