using Sluice.Core.Access;
using Sluice.Core.Providers;
using Sluice.Gateway.Tests.Hosting;
using Sluice.Gateway.Tests.Scaling;

namespace Sluice.Gateway.Tests.Snapshots;

public sealed class SnapshotBuilderTests
{
    [Theory]
    [MemberData(nameof(TestStores.All), MemberType = typeof(TestStores))]
    public async Task Rebuild_AccountManifest_RoutesCarryAccessAndPrice(TestStore store)
    {
        await using var host = await GatewayHost.StartAsync(store: store);
        await host.SendAsync(HttpMethod.Post, "/api/v1/apply", TestManifests.Account, "application/yaml");

        var models = host.Snapshots.Current.Models;
        var chat = models["acct-one/claude-3-5-sonnet"];
        var embed = models["acct-one/titan-embed"];

        Assert.Equal(ModelType.Chat, chat.Types);
        Assert.Equal(["team:ml-platform", "user:carol@example.com"], chat.AllowedSubjects.Order().ToArray());
        Assert.Null(chat.PrivateCost);
        Assert.True(chat.Price?.Find("in-region")?.Tokens.Input > 0, "the catalogue's public price applies without a private cost");
        Assert.Equal(ModelType.Embedding, embed.Types);
        Assert.Equal(["user:alice@example.com"], embed.AllowedSubjects.ToArray());
        Assert.Equal(0.0002m, embed.PrivateCost?.InputPer1K);
    }

    [Theory]
    [MemberData(nameof(TestStores.All), MemberType = typeof(TestStores))]
    public async Task Rebuild_UserKey_PrincipalHasTeams(TestStore store)
    {
        await using var host = await GatewayHost.StartAsync(store: store);
        await host.SendAsync(HttpMethod.Post, "/api/v1/apply", TestManifests.Account, "application/yaml");
        var token = (await host.SendAsync(HttpMethod.Post, "/api/v1/personal-access-tokens", """{"name":"a","user":"alice@example.com"}"""))
            .Body.GetProperty("token").GetString()!;

        var ok = ApiKeyAuthenticator.TryAuthenticate(host.Snapshots.Current, "Bearer " + token, DateTimeOffset.UtcNow, out var principal, out _);

        Assert.True(ok);
        Assert.Equal(PrincipalKind.User, principal!.Kind);
        Assert.Equal(["team:everyone", "team:ml-platform", "user:alice@example.com"], principal.Subjects.Order().ToArray());
    }
}
