using Sluice.Gateway.Tests.Hosting;
using Sluice.Gateway.Tests.Scaling;

namespace Sluice.Gateway.Tests.Admin;

/// <summary>The admin API writes non-ASCII text as UTF-8, in answers, errors and the audit log alike.</summary>
public sealed class AdminUtf8Tests
{
    [Theory]
    [MemberData(nameof(TestStores.All), MemberType = typeof(TestStores))]
    public async Task Tokens_NonAsciiName_ListAndAuditCarryRawUtf8(TestStore store)
    {
        await using var host = await GatewayHost.StartAsync(store: store);

        var created = await host.SendAsync(HttpMethod.Post, "/api/v1/personal-access-tokens", """{"name":"clé de Zoé 😀"}""");
        var list = await host.SendAsync(HttpMethod.Get, "/api/v1/tokens");
        var audit = await host.SendAsync(HttpMethod.Get, "/api/v1/audit");

        Assert.Equal(201, created.Status);
        foreach (var text in new[] { created.Text, list.Text, audit.Text })
        {
            Assert.Contains("\"clé de Zoé 😀\"", text, StringComparison.Ordinal);
            Assert.DoesNotContain("\\u", text, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(TestStores.All), MemberType = typeof(TestStores))]
    public async Task ProviderAccounts_UnknownNonAsciiName_404MessageQuotesItRaw(TestStore store)
    {
        await using var host = await GatewayHost.StartAsync(store: store);

        var got = await host.SendAsync(HttpMethod.Get, "/api/v1/provider-accounts/" + Uri.EscapeDataString("café-😀"));

        Assert.Equal(404, got.Status);
        Assert.Contains("café-😀", got.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u", got.Text, StringComparison.Ordinal);
    }
}
