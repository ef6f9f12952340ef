using System.Text.Json;

namespace Sluice.Gateway.Tests.Functional;

/// <summary><c>POST /api/v1/provider-accounts/{name}/test</c> against the emulator's real IAM and STS checks.</summary>
[Collection(FunctionalCollection.Name)]
public sealed class ConnectionTestTests(FunctionalFixture fx)
{
    [Theory]
    [InlineData("keys", null)]
    [InlineData("keys", "nova-lite")]
    [InlineData("keys", "titan-embed")]
    [InlineData("role", "claude-3-7-us")]
    [InlineData("apikey", "nova-lite")]
    public async Task TestAccount_GoodAccount_OkTrue(string account, string? model)
    {
        var report = await TestAsync(account, model);

        Assert.True(report.GetProperty("ok").GetBoolean(), report.GetRawText());
        Assert.Equal("us-east-1", report.GetProperty("region").GetString());
    }

    [Fact]
    public async Task TestAccount_AssumedRole_ReallyCallsSts()
    {
        var report = await TestAsync("role", null);

        Assert.True(report.GetProperty("ok").GetBoolean(), report.GetRawText());
        Assert.True(fx.Emulator.Stats.StsAssumeRoleCalls >= 1);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("nova-lite")]
    public async Task TestAccount_WrongSecret_OkFalseSaysCredentialsRejected(string? model)
    {
        var report = await TestAsync("bad-secret", model);

        Assert.False(report.GetProperty("ok").GetBoolean(), report.GetRawText());
        var message = report.GetProperty("message").GetString()!;
        Assert.Contains("secret", message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("wJalrXUtnFEMI", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TestAccount_AccessKeysWithoutModel_NamesTheAwsIdentity()
    {
        var report = await TestAsync("keys2", null);

        Assert.True(report.GetProperty("ok").GetBoolean(), report.GetRawText());
        Assert.Contains("arn:aws:iam::111122223333:user/gateway-user-2", report.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TestAccount_ApiKeyWithoutModel_SaysAModelIsNeededToCheckIt()
    {
        var report = await TestAsync("apikey", null);

        Assert.Contains("model", report.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TestAccount_DeniedRegion_OkFalseNamesRegionAndPermission()
    {
        var report = await TestAsync("keys2", "llama-west");

        Assert.False(report.GetProperty("ok").GetBoolean(), report.GetRawText());
        Assert.Equal("us-west-2", report.GetProperty("region").GetString());
        var message = report.GetProperty("message").GetString()!;
        Assert.Contains("us-west-2", message, StringComparison.Ordinal);
        Assert.Contains("bedrock:InvokeModel", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TestAccount_CrossRegionProfileWithDeniedDestination_OkFalseNamesThatRegion()
    {
        var report = await TestAsync("keys", "claude-3-7-us");

        Assert.False(report.GetProperty("ok").GetBoolean(), report.GetRawText());
        Assert.Contains("us-east-2", report.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    private async Task<JsonElement> TestAsync(string account, string? model)
    {
        var (status, body, text, _) = await fx.SendAsync(HttpMethod.Post, $"/api/v1/provider-accounts/{account}/test",
            model is null ? null : $$"""{"model":"{{model}}"}""", fx.AdminToken);
        Assert.True(status == 200, text);
        return body;
    }
}
