using System.Collections.Frozen;
using Sluice.Core.Access;
using Sluice.Core.Configuration;
using Sluice.Core.Pricing;
using Sluice.Core.Providers;
using Sluice.Gateway.Pipeline;
using Sluice.Gateway.Tests.OpenAi.TestHost;

namespace Sluice.Gateway.Tests.Pipeline;

public sealed class ModelAccessTests
{
    private static readonly ModelRoute Route = new("acme", "m", ModelType.Chat, "x", new FakeProvider(), null,
        new[] { "team:ml", "user:carol@example.com" }.ToFrozenSet());

    [Theory]
    [InlineData(PrincipalKind.User, new[] { "team:everyone", "team:ml" }, true)]
    [InlineData(PrincipalKind.VirtualAccount, new[] { "user:carol@example.com" }, true)]
    [InlineData(PrincipalKind.User, new[] { "team:everyone" }, false)]
    [InlineData(PrincipalKind.User, new string[0], false)]
    [InlineData(PrincipalKind.TenantAdmin, new string[0], true)]
    public void CanCall_BySubjects_OrAsTenantAdmin(PrincipalKind kind, string[] subjects, bool expected)
    {
        var principal = new Principal("p", kind, "P", subjects.ToFrozenSet());
        Assert.Equal(expected, ModelAccess.CanCall(principal, Route));
    }
}
