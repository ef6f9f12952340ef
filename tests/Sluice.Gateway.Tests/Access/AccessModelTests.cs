using System.Collections.Frozen;
using Sluice.Core.Access;
using Sluice.Core.Configuration;
using Sluice.Core.Pricing;
using Sluice.Core.Providers;

namespace Sluice.Gateway.Tests.Access;

public sealed class AccessModelTests
{
    private static readonly AccessModel Model = AccessModel.Build(AccessFixture.Input());

    private static readonly string[] RowNames =
    [
        "tenant-admin", "manager", "manager-via-team", "access-user", "team-member-with-access", "no-role",
        "va-account-permission", "va-model-permission", "va-manager-permission",
    ];

    [Fact]
    public void PrincipalFor_TeamMember_HasUserEveryoneAndTeamSubjects()
    {
        var principal = Model.PrincipalFor("MEMBER@x.com")!;

        Assert.Equal(PrincipalKind.User, principal.Kind);
        Assert.Equal("user:member@x.com", principal.Id);
        Assert.Equal(["team:everyone", "team:ml", "user:member@x.com"], principal.Subjects.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void PrincipalFor_TenantAdmin_IsTenantAdminKind()
    {
        var principal = Model.PrincipalFor("admin@x.com")!;

        Assert.True(principal.IsTenantAdmin);
        Assert.Contains(Subject.Everyone, (IReadOnlySet<string>)principal.Subjects);
    }

    [Fact]
    public void PrincipalForVirtualAccount_Known_HasOnlyItsSubjectNotEveryone()
    {
        var principal = Model.PrincipalForVirtualAccount("bot-account")!;

        Assert.Equal(PrincipalKind.VirtualAccount, principal.Kind);
        Assert.Equal(["virtualaccount:bot-account"], principal.Subjects);
        Assert.Null(Model.PrincipalForVirtualAccount("nope"));
    }

    [Fact]
    public void Build_TeamNamedEveryone_StillHoldsEveryActiveUserOnly()
    {
        var model = AccessModel.Build(new AccessModelInput
        {
            Users = [new UserInput("a@x.com"), new UserInput("b@x.com", Active: false)],
            Teams = [new TeamInput("everyone", ["a@x.com"])],
            Accounts = [new ProviderAccountInput("acct", [new CollaboratorInput("team:everyone", ProviderAccountRoles.Access)], [new ProviderModelInput("m")])],
            VirtualAccounts = [new VirtualAccountInput("va", [])],
        });

        Assert.True(model.CanCallModel(model.PrincipalFor("a@x.com")!, "acct", "m"));
        Assert.Null(model.PrincipalFor("b@x.com"));
        Assert.False(model.CanCallModel(model.PrincipalForVirtualAccount("va")!, "acct", "m"));
    }

    [Fact]
    public void AllowedSubjectsFor_NarrowedModel_NeverWidensToSubjectsWithoutAccountRole()
    {
        var allowed = Model.AllowedSubjectsFor(AccessFixture.Account, AccessFixture.Narrow);

        // team:ml has access and is listed; teammgr has a role via team and is listed by email; nobody is listed without a role.
        Assert.Equal(["team:ml", "user:teammgr@x.com", "virtualaccount:bot-model"], allowed.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void AllowedSubjectsFor_UnknownModel_IsEmpty()
    {
        Assert.Empty(Model.AllowedSubjectsFor(AccessFixture.Account, "nope"));
        Assert.False(Model.CanCallModel(Model.PrincipalFor("admin@x.com")!, AccessFixture.Account, "nope"));
    }

    [Fact]
    public void ModelAccessCanCall_RouteFilledFromAllowedSubjects_AgreesWithAccessModelForEveryRowAndModel()
    {
        var routes = new[] { (AccessFixture.Account, AccessFixture.Open), (AccessFixture.Account, AccessFixture.Narrow), (AccessFixture.Other, "m") }
            .Select(m => Route(m.Item1, m.Item2, Model.AllowedSubjectsFor(m.Item1, m.Item2)))
            .ToArray();
        var snapshot = new GatewaySnapshot
        {
            Version = 1,
            Models = routes.ToFrozenDictionary(r => r.FullName, StringComparer.Ordinal),
            Keys = FrozenDictionary<string, ApiKeyEntry>.Empty,
        };

        foreach (var row in RowNames)
        {
            var principal = AccessFixture.Row(Model, row);
            foreach (var route in routes)
            {
                Assert.Equal(Model.CanCallModel(principal, route.Account, route.Name), ModelAccess.CanCall(principal, route));
            }

            Assert.Equal(Model.ModelsCallableBy(principal), ModelAccess.CallableRoutes(principal, snapshot).Select(r => r.FullName));
        }
    }

    [Fact]
    public void ModelAccessDenied_Route_NamesAccessRoleAndModel()
    {
        var error = ModelAccess.Denied(Route(AccessFixture.Account, AccessFixture.Open, FrozenSet<string>.Empty));

        Assert.Equal(403, error.Status);
        Assert.Contains(ProviderAccountRoles.Access, error.Message, StringComparison.Ordinal);
        Assert.Contains("my-bedrock/claude", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_BadEntries_ReportsEveryProblemWithItsPath()
    {
        var input = AccessFixture.Input() with
        {
            Teams = [new TeamInput("bad name", ["not-an-email"])],
            VirtualAccounts = [new VirtualAccountInput("bot", [new PermissionInput("my-bedrock/missing", "owner")])],
        };

        var errors = AccessModelValidator.Validate(input);

        Assert.Contains(errors, e => e.StartsWith("teams[0].name:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("teams[0].members[0]:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("virtual_accounts[0].permissions[0].role_id: 'owner' is not a role", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("virtual_accounts[0].permissions[0].resource_fqn: 'my-bedrock/missing'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("accounts[1].collaborators[0].role_id: 'provider-account-owner'", StringComparison.Ordinal));
        Assert.Equal(5, errors.Count);
    }

    [Fact]
    public void Validate_Fixture_HasNoErrorsBesidesTheDeliberateBadRole()
    {
        var errors = AccessModelValidator.Validate(AccessFixture.Input());

        Assert.Equal(["accounts[1].collaborators[0].role_id: 'provider-account-owner' is not a role; use 'provider-account-manager' or 'provider-account-access'."], errors);
    }

    private static ModelRoute Route(string account, string name, FrozenSet<string> allowed) =>
        new(account, name, ModelType.Chat, "upstream-id", null!, null, allowed);
}
