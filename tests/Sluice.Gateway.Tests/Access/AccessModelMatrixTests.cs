using System.Text;
using Sluice.Core.Access;
using static Sluice.Core.Access.AdminAction;

namespace Sluice.Gateway.Tests.Access;

/// <summary>The role × action matrix: every row against every admin action on one account and two model calls.</summary>
public sealed class AccessModelMatrixTests
{
    private static readonly AdminAction[] SelfService = [ListOwnTokens, RevokeOwnToken, ReadOwnUsage];
    private static readonly AdminAction[] UserSelfService = [CreateTokenForSelf, ListOwnTokens, RevokeOwnToken, ReadOwnUsage];
    private static readonly AdminAction[] Reader = [ReadAccount, ReadModels];
    private static readonly AdminAction[] Manager =
        [ReadAccount, ReadModels, UpdateAccount, ManageCollaborators, AddModel, UpdateModel, RemoveModel, TestAccount, ApplyProviderAccount];

    private static readonly AdminAction[] ManagerOnlyActions =
        [UpdateAccount, ManageCollaborators, AddModel, UpdateModel, RemoveModel, TestAccount, ApplyProviderAccount];

    private static readonly AccessModel Model = AccessModel.Build(AccessFixture.Input());

    public static TheoryData<string, AdminAction[], bool, bool> Rows() => new()
    {
        // row, allowed admin actions (besides tenant admin's "all"), may call the open model, may call the narrowed model
        { "tenant-admin", Enum.GetValues<AdminAction>(), true, true },
        { "manager", [.. Manager, .. UserSelfService], true, false },
        { "manager-via-team", [.. Manager, .. UserSelfService], true, true },
        { "access-user", [.. Reader, .. UserSelfService], true, false },
        { "team-member-with-access", [.. Reader, .. UserSelfService], true, true },
        { "no-role", UserSelfService, false, false },
        { "va-account-permission", [.. Reader, .. SelfService], true, false },
        { "va-model-permission", SelfService, false, true },
        { "va-manager-permission", [.. Manager, .. SelfService], true, false },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void AuthorizeAdmin_EveryActionForRow_MatchesMatrix(string row, AdminAction[] allowed, bool callOpen, bool callNarrow)
    {
        var principal = AccessFixture.Row(Model, row);
        var mismatches = new StringBuilder();
        foreach (var action in Enum.GetValues<AdminAction>())
        {
            var decision = Model.AuthorizeAdmin(principal, action, AccessFixture.Account);
            var expected = Array.IndexOf(allowed, action) >= 0;
            if (decision.IsAllowed != expected)
            {
                mismatches.AppendLine($"{action}: expected {(expected ? "allowed" : "denied")}, got {decision}");
            }

            if (!decision.IsAllowed)
            {
                Assert.Equal(403, decision.Status);
                Assert.NotNull(decision.MissingRole);
                Assert.Contains(decision.MissingRole, decision.Message, StringComparison.Ordinal);
                if (Array.IndexOf(ManagerOnlyActions, action) >= 0)
                {
                    Assert.Contains(ProviderAccountRoles.Manager, decision.Message, StringComparison.Ordinal);
                }
            }
        }

        Assert.True(mismatches.Length == 0, $"Row {row}:\n{mismatches}");
        Assert.Equal(callOpen, Model.CanCallModel(principal, AccessFixture.Account, AccessFixture.Open));
        Assert.Equal(callNarrow, Model.CanCallModel(principal, AccessFixture.Account, AccessFixture.Narrow));
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void AuthorizeCall_DeniedRow_NamesTheAccessRole(string row, AdminAction[] allowed, bool callOpen, bool callNarrow)
    {
        _ = allowed;
        var principal = AccessFixture.Row(Model, row);
        foreach (var (modelName, expected) in new[] { (AccessFixture.Open, callOpen), (AccessFixture.Narrow, callNarrow) })
        {
            var decision = Model.AuthorizeCall(principal, AccessFixture.Account, modelName);
            Assert.Equal(expected, decision.IsAllowed);
            if (!expected)
            {
                Assert.Equal(ProviderAccountRoles.Access, decision.MissingRole);
                Assert.Contains(AccessFixture.Account + "/" + modelName, decision.Message, StringComparison.Ordinal);
                Assert.Equal("permission_error", decision.ToError().Type);
            }
        }
    }

    [Theory]
    [InlineData("tenant-admin", "my-bedrock/claude", "my-bedrock/claude-narrow", "other-account/m")]
    [InlineData("manager", "my-bedrock/claude")]
    [InlineData("manager-via-team", "my-bedrock/claude", "my-bedrock/claude-narrow")]
    [InlineData("access-user", "my-bedrock/claude")]
    [InlineData("team-member-with-access", "my-bedrock/claude", "my-bedrock/claude-narrow")]
    [InlineData("no-role")]
    [InlineData("va-account-permission", "my-bedrock/claude")]
    [InlineData("va-model-permission", "my-bedrock/claude-narrow")]
    [InlineData("va-manager-permission", "my-bedrock/claude")]
    public void ModelsCallableBy_Row_ListsExactlyWhatItMayCall(string row, params string[] expected)
    {
        var principal = AccessFixture.Row(Model, row);

        var models = Model.ModelsCallableBy(principal);

        Assert.Equal(expected, models);
        foreach (var fullName in models)
        {
            var slash = fullName.IndexOf('/');
            Assert.True(Model.CanCallModel(principal, fullName[..slash], fullName[(slash + 1)..]));
        }
    }

    [Fact]
    public void PrincipalFor_DeactivatedUser_IsNullSoTokensStop()
    {
        // gone@x.com was a direct manager and in both teams; deactivation removes the principal altogether.
        Assert.Null(Model.PrincipalFor("gone@x.com"));
        Assert.DoesNotContain("user:gone@x.com", (IReadOnlySet<string>)Model.AllowedSubjectsFor(AccessFixture.Account, AccessFixture.Narrow));
    }

    [Fact]
    public void AuthorizeAdmin_AccessUserAddsModel_MessageNamesManagerRole()
    {
        var decision = Model.AuthorizeAdmin(AccessFixture.Row(Model, "access-user"), AddModel, AccessFixture.Account);

        Assert.Equal(
            "You need the provider-account-manager role on provider account 'my-bedrock' (or tenant admin) to add a model.",
            decision.Message);
        Assert.Equal(ProviderAccountRoles.Manager, decision.MissingRole);
    }

    [Fact]
    public void AuthorizeAdmin_ManagerCreatesAccount_OnlyTenantAdminMessage()
    {
        var manager = AccessFixture.Row(Model, "manager");

        var create = Model.AuthorizeAdmin(manager, CreateAccount);
        var applyNew = Model.AuthorizeAdmin(manager, ApplyProviderAccount, "brand-new");

        Assert.Equal("Only a tenant admin may create provider accounts.", create.Message);
        Assert.Equal("Only a tenant admin may create provider accounts.", applyNew.Message);
        Assert.Equal(ProviderAccountRoles.TenantAdmin, applyNew.MissingRole);
    }

    [Fact]
    public void AuthorizeAdmin_ManagerOfOneAccountOnAnother_Denied()
    {
        var manager = AccessFixture.Row(Model, "manager");

        Assert.False(Model.AuthorizeAdmin(manager, UpdateAccount, AccessFixture.Other).IsAllowed);
        Assert.False(Model.AuthorizeAdmin(manager, ReadAccount, AccessFixture.Other).IsAllowed);
        Assert.False(Model.CanCallModel(manager, AccessFixture.Other, "m"));
    }

    [Fact]
    public void AuthorizeAdmin_UnknownRoleOnCollaborator_GrantsNothing()
    {
        // other-account names nobody@x.com with a role that does not exist: fail closed.
        var nobody = AccessFixture.Row(Model, "no-role");

        Assert.False(Model.AuthorizeAdmin(nobody, ReadAccount, AccessFixture.Other).IsAllowed);
        Assert.Empty(Model.ModelsCallableBy(nobody));
    }

    [Fact]
    public void AuthorizeAdmin_UnknownAccount_NonAdminDeniedAdminAllowed()
    {
        var denied = Model.AuthorizeAdmin(AccessFixture.Row(Model, "manager"), ReadAccount, "does-not-exist");

        Assert.False(denied.IsAllowed);
        Assert.Contains("does-not-exist", denied.Message, StringComparison.Ordinal);
        Assert.True(Model.AuthorizeAdmin(AccessFixture.Row(Model, "tenant-admin"), ReadAccount, "does-not-exist").IsAllowed);
    }

    [Fact]
    public void AuthorizeAdmin_AccountScopedActionWithoutAccount_Throws()
    {
        Assert.Throws<ArgumentException>(() => Model.AuthorizeAdmin(AccessFixture.Row(Model, "manager"), UpdateAccount));
    }
}
