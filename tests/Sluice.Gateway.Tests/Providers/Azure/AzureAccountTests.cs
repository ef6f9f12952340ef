using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Sluice.Gateway.Tests.Providers.Azure;

/// <summary>The account test and the usage records (with cost) of Azure OpenAI accounts.</summary>
[Collection(AzureCollection.Name)]
public sealed class AzureAccountTests(AzureFixture fx)
{
    [Theory]
    [InlineData("azure", null)]
    [InlineData("azure", "gpt-4o")]
    [InlineData("azure", "embed")]
    [InlineData("azure-entra", "gpt-4o")]
    public async Task Test_WorkingAccount_Ok(string account, string? model)
    {
        var report = await TestAsync(account, model);

        Assert.True(report.GetProperty("ok").GetBoolean(), report.GetRawText());
        Assert.Contains("/openai/models?api-version=", report.GetProperty("checked").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Test_WrongKey_FailedNamingTheKey()
    {
        var report = await TestAsync("azure-badkey", null);

        Assert.False(report.GetProperty("ok").GetBoolean(), report.GetRawText());
        Assert.Contains("auth_data.api_key", report.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Test_WrongClientSecret_FailedWithEntrasAdvice()
    {
        var report = await TestAsync("azure-badsecret", "gpt-4o");

        Assert.False(report.GetProperty("ok").GetBoolean(), report.GetRawText());
        Assert.Contains("client_secret", report.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Test_MissingDeployment_FailedNamingTheDeployment()
    {
        var report = await TestAsync("azure", "missing");

        Assert.False(report.GetProperty("ok").GetBoolean(), report.GetRawText());
        Assert.Contains("'not-deployed'", report.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CompleteChat_DeploymentNamedAfterItsModel_RecordedWithThePublicPrice()
    {
        var (id, usage) = await ChatAsync("azure/gpt-4o");

        var record = await fx.UsageRecordAsync(id);

        // gpt-4o: $2.50 per million input tokens, $10 per million output tokens (the Azure catalogue).
        var expected = (usage.GetProperty("prompt_tokens").GetInt32() * 2.5m + usage.GetProperty("completion_tokens").GetInt32() * 10m) / 1_000_000m;
        Assert.Equal(expected, record.GetProperty("cost_usd").GetDecimal());
        Assert.Equal("azure", record.GetProperty("account").GetString());
        Assert.Equal("gpt-4o", record.GetProperty("upstream_model_id").GetString());
    }

    [Fact]
    public async Task CompleteChat_DeploymentWithPrivateCost_RecordedWithThatCost()
    {
        var (id, usage) = await ChatAsync("azure/chat-prod");

        var record = await fx.UsageRecordAsync(id);

        var expected = (usage.GetProperty("prompt_tokens").GetInt32() * 0.5m + usage.GetProperty("completion_tokens").GetInt32() * 1.5m) / 1000m;
        Assert.Equal(expected, record.GetProperty("cost_usd").GetDecimal());
        Assert.Equal("private", record.GetProperty("price_scope").GetString());
    }

    [Fact]
    public async Task Apply_DeploymentWithoutPriceOrCost_WarnsToGiveItACost()
    {
        const string manifest = "name: azure-dry\ntype: provider-account/azure-openai\nbase_url: https://contoso.openai.azure.com\n"
            + "auth_data:\n  type: api-key\n  api_key: k\nintegrations:\n"
            + "  - name: priced\n    type: integration/model/azure-openai\n    model_id: gpt-4o-2024-11-20\n"
            + "  - name: own-name\n    type: integration/model/azure-openai\n    model_id: team-chat\n";
        using var request = new HttpRequestMessage(HttpMethod.Post, fx.BaseUrl + "/api/v1/apply?dryRun=true")
        {
            Content = new StringContent(manifest, Encoding.UTF8, "application/yaml"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", fx.AdminToken);

        using var response = await fx.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        Assert.True(response.IsSuccessStatusCode, text);
        var warning = Assert.Single(JsonDocument.Parse(text).RootElement.GetProperty("warnings").EnumerateArray());
        Assert.Equal("integrations[1].cost", warning.GetProperty("path").GetString());
        Assert.Contains("'team-chat'", warning.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    private async Task<(string RequestId, JsonElement Usage)> ChatAsync(string model)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, fx.BaseUrl + "/v1/chat/completions")
        {
            Content = new StringContent($$"""{"model":"{{model}}","messages":[{"role":"user","content":"price this answer"}]}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", fx.UserToken);
        using var response = await fx.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return (response.Headers.GetValues("x-request-id").Single(), JsonDocument.Parse(text).RootElement.GetProperty("usage").Clone());
    }

    private async Task<JsonElement> TestAsync(string account, string? model)
    {
        var (status, body, text, _) = await fx.SendAsync(HttpMethod.Post, $"/api/v1/provider-accounts/{account}/test",
            model is null ? null : $$"""{"model":"{{model}}"}""", fx.AdminToken);
        Assert.True(status == 200, text);
        return body;
    }
}
