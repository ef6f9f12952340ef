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
        Assert.Equal("ok", report.GetProperty("status").GetString());
        Assert.Equal("us-east-1", report.GetProperty("region").GetString());
        Assert.DoesNotContain("us-east-1", report.GetProperty("message").GetString(), StringComparison.Ordinal); // the region is named once, in "region"
        Assert.False(string.IsNullOrEmpty(report.GetProperty("checked").GetString()));
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
    public async Task TestAccount_ApiKeyWithoutModel_NotCheckedAndNothingSentToAws()
    {
        var before = fx.Emulator.Stats.TotalRuntimeCalls;

        var report = await TestAsync("apikey", null);

        Assert.Equal("not-checked", report.GetProperty("status").GetString());
        Assert.False(report.GetProperty("ok").GetBoolean());
        Assert.Contains("can only be checked by calling a model", report.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("nothing", report.GetProperty("checked").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, fx.Emulator.Stats.TotalRuntimeCalls);
    }

    [Fact]
    public async Task TestAccount_ApiKeyWithModelCall_CallsTheFirstChatModelOnce()
    {
        var before = fx.Emulator.Stats.RuntimeCalls("Converse");

        var report = await TestAsync("apikey", null, """{"model_call":true}""");

        Assert.Equal("ok", report.GetProperty("status").GetString());
        Assert.Equal("nova-lite", report.GetProperty("model").GetString());
        Assert.Contains("Converse", report.GetProperty("checked").GetString(), StringComparison.Ordinal);
        Assert.Equal(before + 1, fx.Emulator.Stats.RuntimeCalls("Converse"));
    }

    [Fact]
    public async Task TestAccount_WrongApiKeyWithModelCall_Failed()
    {
        const string account = """
            {"name":"wrong-apikey","region":"us-east-1","auth_data":{"type":"api-key","api_key":"ABSKnotthekeynotthekey"},
             "endpoint_url":"ENDPOINT","integrations":[{"name":"nova-lite","model_id":"amazon.nova-lite-v1:0"}]}
            """;
        var created = await fx.SendAsync(HttpMethod.Post, "/api/v1/provider-accounts", account.Replace("ENDPOINT", fx.Emulator.RuntimeEndpointTemplate, StringComparison.Ordinal), fx.AdminToken);
        Assert.True(created.Status == 201, created.Text);
        try
        {
            var withoutModel = await TestAsync("wrong-apikey", null);
            var report = await TestAsync("wrong-apikey", null, """{"model_call":true}""");

            Assert.Equal("not-checked", withoutModel.GetProperty("status").GetString());
            Assert.Equal("failed", report.GetProperty("status").GetString());
            Assert.False(report.GetProperty("ok").GetBoolean());
            Assert.DoesNotContain("ABSKnotthekey", report.GetRawText(), StringComparison.Ordinal);
        }
        finally
        {
            await fx.SendAsync(HttpMethod.Delete, "/api/v1/provider-accounts/wrong-apikey", null, fx.AdminToken);
        }
    }

    [Fact]
    public async Task TestAccount_MisspelledBodyKey_400WithDidYouMean()
    {
        var (status, body, text, _) = await fx.SendAsync(HttpMethod.Post, "/api/v1/provider-accounts/apikey/test", """{"modle":"nova-lite"}""", fx.AdminToken);

        Assert.True(status == 400, text);
        var detail = Assert.Single(body.GetProperty("error").GetProperty("details").EnumerateArray());
        Assert.Equal("model", detail.GetProperty("suggestion").GetString());
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

    private async Task<JsonElement> TestAsync(string account, string? model, string? json = null)
    {
        var (status, body, text, _) = await fx.SendAsync(HttpMethod.Post, $"/api/v1/provider-accounts/{account}/test",
            json ?? (model is null ? null : $$"""{"model":"{{model}}"}"""), fx.AdminToken);
        Assert.True(status == 200, text);
        return body;
    }
}
