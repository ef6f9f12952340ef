using System.Collections.Frozen;
using Sluice.Core.Access;
using Sluice.Core.Configuration;
using Sluice.Core.Providers;
using Sluice.Gateway.Pipeline;
using Sluice.Gateway.Tests.OpenAi.TestHost;

namespace Sluice.Gateway.Tests.Pipeline;

public sealed class ModelAliasResolutionTests
{
    private static readonly Principal Dev = new("user:dev@example.com", PrincipalKind.User, "dev", new[] { "team:everyone" }.ToFrozenSet());

    private static ModelRoute Route(string account, string name, params string[] allowed) =>
        new(account, name, ModelType.Chat, "x", new FakeProvider(), null, allowed.ToFrozenSet());

    private static GatewaySnapshot Snapshot(ModelAliases aliases, params ModelRoute[] routes) => new()
    {
        Version = 1,
        Models = routes.ToFrozenDictionary(r => r.FullName, StringComparer.Ordinal),
        Keys = FrozenDictionary<string, ApiKeyEntry>.Empty,
        Aliases = aliases,
    };

    [Theory]
    [InlineData("claude-sonnet-4-5*", "claude-sonnet-4-5-20250929", true)]
    [InlineData("claude-sonnet-4-5*", "claude-sonnet-4-5", true)]
    [InlineData("claude-*-4-5*", "claude-haiku-4-5-20251001", true)]
    [InlineData("claude-*-4-5", "claude-haiku-4-5-20251001", false)]
    [InlineData("*haiku*", "claude-3-5-haiku-latest", true)]
    [InlineData("claude-sonnet-4-5*", "claude-sonnet-4", false)]
    [InlineData("claude-sonnet-4-5*", "Claude-sonnet-4-5", false)]
    public void Matches_GlobPattern_StarIsAnyRun(string pattern, string name, bool expected) =>
        Assert.Equal(expected, ModelAliases.Matches(pattern, name));

    [Fact]
    public void TryResolve_ExactBeatsPatternAndSpecificPatternBeatsBroad()
    {
        var aliases = ModelAliases.Build(
            [new ModelAlias("claude-*", "east/broad")],
            [new ModelAlias("claude-sonnet-4-5*", "east/specific"), new ModelAlias("claude-sonnet-4-5-20250929", "east/exact")]);

        Assert.True(aliases.TryResolve("claude-sonnet-4-5-20250929", out var exact));
        Assert.True(aliases.TryResolve("claude-sonnet-4-5", out var specific));
        Assert.True(aliases.TryResolve("claude-opus-4-1", out var broad));
        Assert.False(aliases.TryResolve("gpt-4o", out _));
        Assert.Equal(("east/exact", "east/specific", "east/broad"), (exact, specific, broad));
    }

    [Fact]
    public void TryResolve_SameNameGatewayWideAndOnAccount_GatewayWideWins()
    {
        var aliases = ModelAliases.Build(
            [new ModelAlias("claude-haiku-4-5", "gw/target"), new ModelAlias("claude-haiku*", "gw/pattern")],
            [new ModelAlias("claude-haiku-4-5", "acct/target"), new ModelAlias("claude-haiku*", "acct/pattern")]);

        aliases.TryResolve("claude-haiku-4-5", out var exact);
        aliases.TryResolve("claude-haiku-3", out var pattern);

        Assert.Equal(("gw/target", "gw/pattern"), (exact, pattern));
    }

    [Fact]
    public void TryResolve_AliasName_RouteOfTheTarget()
    {
        var target = Route("east", "nova", "team:everyone");
        var snapshot = Snapshot(ModelAliases.Build([], [new ModelAlias("claude-haiku-4-5*", "east/nova")]), target);

        Assert.True(ModelResolver.TryResolve(snapshot, Dev, "claude-haiku-4-5-20251001", ModelType.Chat, out var route, out var error), error?.Message);
        Assert.Same(target, route);
    }

    [Fact]
    public void TryResolve_AliasSpellingARealName_RealModelWins()
    {
        var real = Route("east", "nova", "team:everyone");
        var other = Route("west", "nova", "team:everyone");
        var snapshot = Snapshot(ModelAliases.Build([new ModelAlias("east/*", "west/nova")], []), real, other);

        Assert.True(ModelResolver.TryResolve(snapshot, Dev, "east/nova", ModelType.Chat, out var route, out _));
        Assert.Same(real, route);
    }

    [Fact]
    public void TryResolve_AliasOfModelTheCallerMayNotUse_403NamingAliasAndTarget()
    {
        var closed = Route("closed", "opus", "team:platform");
        var snapshot = Snapshot(ModelAliases.Build([], [new ModelAlias("claude-opus-4-1", "closed/opus")]), closed);

        Assert.False(ModelResolver.TryResolve(snapshot, Dev, "claude-opus-4-1", ModelType.Chat, out var route, out var error));
        Assert.Null(route);
        Assert.Equal(403, error!.Status);
        Assert.Contains("'claude-opus-4-1' (an alias of 'closed/opus')", error.Message);
    }

    [Fact]
    public void TryResolve_NoAliasMatches_404()
    {
        var snapshot = Snapshot(ModelAliases.Build([], [new ModelAlias("claude-opus-4-1", "east/nova")]), Route("east", "nova", "team:everyone"));

        Assert.False(ModelResolver.TryResolve(snapshot, Dev, "claude-opus-4", ModelType.Chat, out _, out var error));
        Assert.Equal(404, error!.Status);
    }
}
