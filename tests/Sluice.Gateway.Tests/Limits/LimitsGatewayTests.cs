using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Sluice.Gateway.Tests.Hosting;

namespace Sluice.Gateway.Tests.Limits;

/// <summary>Limits through the real gateway: manifests applied over the admin API, calls on /v1, the 429 a caller sees.</summary>
public sealed class LimitsGatewayTests
{
    /// <summary>TrueFoundry's documented examples, applied as they are.</summary>
    public const string TrueFoundryExamples = """
        name: rate-limits
        type: gateway-rate-limiting-config
        rules:
          - {id: ci-bot-rpm, when: {subjects: [virtualaccount:ci-bot]}, limit_to: 60, unit: requests_per_minute}
          - {id: per-user-model-daily, when: {}, limit_to: 2000000, unit: tokens_per_day, rate_limit_applies_per: [user, model]}
        ---
        name: budgets
        type: gateway-budget-config
        rules:
          - {id: ml-team-daily, when: {subjects: [team:ml]}, limit_to: 100, unit: cost_per_day}
          - id: everyone-daily
            when: {}
            limit_to: 10
            unit: cost_per_day
            budget_applies_per: [user]
            alerts: {thresholds: [80, 100], notification_target: [{type: email, notification_channel: tfy-email-channel,
                                                                   to_emails: [finops@example.com]}]}
        ---
        name: eng-team-throughput
        type: tenant-rate-limit-config/model
        mode: enforce                         # enforce | audit
        log_request_body_on_block: false
        when: {subjects: {teams: {in: [eng]}, users: {not_in: [lead@example.com]}}, models: {in: [chat-prod/sonnet]}}
        limits: {requests_per_minute: 120, tokens_per_day: 5000000}
        applies_to: {type: per-user}          # aggregate | per-user | per-model | per-virtual-account | metadata
        ---
        name: eng-monthly
        type: team-budget-config
        team_name: eng
        mode: enforce
        limits: {cost_per_day: 20, cost_per_month: 300}
        when: {models: {not_in: [openai-main/gpt-4o-mini]}}
        applies_to: {type: per-user, overrides: [{users: [lead@example.com], limits: {cost_per_month: 1000}}]}
        """;

    [Fact]
    public async Task Apply_TrueFoundryDocumentedManifests_ApplyUnchangedAndAgainAsUnchanged()
    {
        await using var host = await GatewayHost.StartAsync();

        var first = await host.SendAsync(HttpMethod.Post, "/api/v1/apply", TrueFoundryExamples, "application/yaml");
        var second = await host.SendAsync(HttpMethod.Post, "/api/v1/apply", TrueFoundryExamples, "application/yaml");

        Assert.Equal(200, first.Status);
        Assert.Equal(["created", "created", "created", "created"], Statuses(first.Body));
        Assert.Equal(["unchanged", "unchanged", "unchanged", "unchanged"], Statuses(second.Body));
        var set = Assert.IsType<Sluice.Limits.Rules.LimitSet>(host.Snapshots.Current.Limits);
        Assert.Equal((2, 2, 1, 1), (set.RateLimitsV1.Length, set.BudgetsV1.Length, set.RateLimitsV2.Length, set.BudgetsV2.Length));
    }

    [Fact]
    public async Task Apply_BrokenLimits_ReportsEveryProblemWithItsPath()
    {
        await using var host = await GatewayHost.StartAsync();
        const string broken = """
            name: rate-limits
            type: gateway-rate-limiting-config
            rules:
              - {id: a, when: {subjects: [group:x]}, limit_to: -1, unit: requests_per_minit}
              - {id: a, limit_to: 5, unit: tokens_per_day, rate_limit_applies_per: [team], limt: 3}
            ---
            name: b
            type: tenant-budget-config
            mode: block
            limits: {cost_per_year: 5}
            alerts: {notification_target: [{type: webhook}]}
            """;

        var result = await host.SendAsync(HttpMethod.Post, "/api/v1/apply", broken, "application/yaml");

        Assert.Equal(400, result.Status);
        var paths = result.Body.GetProperty("error").GetProperty("details").EnumerateArray().Select(d => d.GetProperty("path").GetString()).ToHashSet();
        Assert.Superset(new HashSet<string?>
        {
            "rules[0].when.subjects[0]", "rules[0].limit_to", "rules[0].unit", "rules[1].id", "rules[1].when",
            "rules[1].rate_limit_applies_per[0]", "rules[1].limt", "mode", "limits.cost_per_year", "alerts.notification_target[0].url",
        }, paths);
        Assert.Null(host.Snapshots.Current.Limits);
    }

    [Fact]
    public async Task ChatEmbeddingsImages_OverTheLimit_Get429WithRuleRetryAfterAndRateLimitHeaders()
    {
        await using var host = await GatewayHost.StartAsync();
        var alice = await SetUpAsync(host, """
            name: rate-limits
            type: gateway-rate-limiting-config
            rules:
              - {id: two-per-minute, when: {models: [acct-one/claude-3-5-sonnet, acct-one/titan-embed, acct-one/nova-canvas]}, limit_to: 2, unit: requests_per_minute, rate_limit_applies_per: [user]}
            """);

        using var first = await ChatAsync(host, alice);
        using var second = await EmbedAsync(host, alice);
        using var third = await ChatAsync(host, alice);
        using var fourth = await EmbedAsync(host, alice);
        using var fifth = await PostAsync(host, alice, "/v1/images/generations", """{"model":"acct-one/nova-canvas","prompt":"a lighthouse"}""");

        Assert.Equal((200, 200), ((int)first.StatusCode, (int)second.StatusCode));
        Assert.Equal(("2", "1"), (Header(first, "x-ratelimit-limit-requests"), Header(first, "x-ratelimit-remaining-requests")));
        Assert.Equal("0", Header(second, "x-ratelimit-remaining-requests"));
        Assert.Matches("^[0-9]+s$", Header(second, "x-ratelimit-reset-requests"));
        foreach (var refused in new[] { third, fourth, fifth })
        {
            Assert.Equal(429, (int)refused.StatusCode);
            Assert.InRange(int.Parse(Header(refused, "Retry-After")!, System.Globalization.CultureInfo.InvariantCulture), 1, 60);
            var error = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
            Assert.Equal(("rate_limit_error", "rate_limit_exceeded"), (error.GetProperty("type").GetString(), error.GetProperty("code").GetString()));
            Assert.Contains("two-per-minute", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        }

        Assert.Equal(2, host.Runtime.Provider.Calls);
    }

    [Fact]
    public async Task Chat_BudgetWithWebhook_AlertsOncePerThresholdBlocksOnceSpentAndShowsInStatus()
    {
        await using var hook = await WebhookListener.StartAsync();
        await using var host = await GatewayHost.StartAsync();
        // The fake answers with 10 prompt + 5 completion tokens: at $1 per 1,000 tokens each call costs $0.015.
        var alice = await SetUpAsync(host, $$"""
            name: budgets
            type: gateway-budget-config
            rules:
              - id: alice-daily
                when: {subjects: [user:alice@example.com]}
                limit_to: 0.03
                unit: cost_per_day
                alerts: {thresholds: [50, 100], notification_target: [{type: webhook, url: "{{hook.Url}}"}, {type: slack-webhook, url: "{{hook.Url}}slack"}]}
            """, priced: true);

        using var first = await ChatAsync(host, alice);
        using var second = await ChatAsync(host, alice);
        using var third = await ChatAsync(host, alice);

        Assert.Equal((200, 200, 429), ((int)first.StatusCode, (int)second.StatusCode, (int)third.StatusCode));
        Assert.Contains("\"budget_exceeded\"", await third.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var bodies = await hook.WaitForAsync(4);
        var generic = bodies.Where(b => b.Path == "/").Select(b => JsonDocument.Parse(b.Body).RootElement).ToList();
        Assert.Equal([50, 100], generic.Select(g => g.GetProperty("threshold_percent").GetInt32()));
        Assert.All(generic, g => Assert.Equal(("alice-daily", 0.03m), (g.GetProperty("rule").GetString(), g.GetProperty("limit").GetDecimal())));
        Assert.Equal(2, bodies.Count(b => b.Path == "/slack" && b.Body.Contains("\"text\"", StringComparison.Ordinal)));
        var alerts = await host.SendAsync(HttpMethod.Get, "/api/v1/limits/alerts");
        Assert.Equal(2, alerts.Body.GetProperty("data").GetArrayLength());
        var status = await host.SendAsync(HttpMethod.Get, "/api/v1/limits/status?subject=user:alice@example.com");
        var window = status.Body.GetProperty("data")[0].GetProperty("windows")[0];
        Assert.Equal(("cost_per_day", 0.03m, 0.03m), (window.GetProperty("unit").GetString(), window.GetProperty("used").GetDecimal(), window.GetProperty("limit").GetDecimal()));
        Assert.Equal("memory", status.Body.GetProperty("counters").GetProperty("store").GetString());
    }

    [Fact]
    public async Task Chat_FailedUpstreamCall_ReleasesItsTokenReservation()
    {
        await using var host = await GatewayHost.StartAsync();
        var alice = await SetUpAsync(host, """
            name: rate-limits
            type: gateway-rate-limiting-config
            rules:
              - {id: tpm, when: {}, limit_to: 60, unit: tokens_per_minute}
            """);
        host.Runtime.Provider.OnChat = (_, _) => throw new Sluice.Core.Errors.GatewayException(
            new Sluice.Core.Errors.GatewayError(503, Sluice.Core.Errors.ErrorTypes.Upstream, "ServiceUnavailableException", "down"));

        // Each call reserves its prompt estimate plus max_tokens 50: more than the window holds, so a reservation left behind would refuse the next call.
        using var failed = await ChatAsync(host, alice);
        host.Runtime.Provider.OnChat = (_, _) => Task.FromResult(new Sluice.Core.Chat.ChatResponse
        {
            Text = "ok", FinishReason = Sluice.Core.Chat.FinishReason.Stop, Usage = new Sluice.Core.Chat.Usage(10, 5),
            Upstream = Sluice.Gateway.Tests.OpenAi.TestHost.FakeProvider.DefaultUpstream,
        });
        using var next = await ChatAsync(host, alice);

        Assert.Equal((503, 200), ((int)failed.StatusCode, (int)next.StatusCode));
        Assert.Equal("60", Header(next, "x-ratelimit-limit-tokens"));
    }

    [Fact]
    public async Task ChatStream_Finished_CarriesTokenHeadersAndSettlesOnTheStreamedUsage()
    {
        await using var host = await GatewayHost.StartAsync();
        var alice = await SetUpAsync(host, """
            name: rate-limits
            type: gateway-rate-limiting-config
            rules:
              - {id: tpm, when: {}, limit_to: 10000, unit: tokens_per_minute, rate_limit_applies_per: [user]}
            """);

        // The fake streams 3 prompt + 1 completion tokens; the call reserved its estimate plus max_tokens 50 until then.
        using var stream = await PostAsync(host, alice, "/v1/chat/completions",
            """{"model":"acct-one/claude-3-5-sonnet","messages":[{"role":"user","content":"hi"}],"max_tokens":50,"stream":true}""");
        var text = await stream.Content.ReadAsStringAsync();
        var status = await host.SendAsync(HttpMethod.Get, "/api/v1/limits/status?subject=user:alice@example.com");

        Assert.Contains("data: [DONE]", text, StringComparison.Ordinal);
        Assert.Equal("10000", Header(stream, "x-ratelimit-limit-tokens"));
        Assert.True(int.Parse(Header(stream, "x-ratelimit-remaining-tokens")!, System.Globalization.CultureInfo.InvariantCulture) <= 10000 - 50);
        Assert.Equal(4m, status.Body.GetProperty("data")[0].GetProperty("windows")[0].GetProperty("used").GetDecimal());
    }

    [Fact]
    public async Task Delete_StoredRateLimit_ListsItThenLiftsIt()
    {
        await using var host = await GatewayHost.StartAsync();
        var alice = await SetUpAsync(host, """
            name: rate-limits
            type: gateway-rate-limiting-config
            rules:
              - {id: none-at-all, when: {}, limit_to: 0, unit: requests_per_day}
            """);
        using var refused = await ChatAsync(host, alice);
        var listed = await host.SendAsync(HttpMethod.Get, "/api/v1/limits");

        var deleted = await host.SendAsync(HttpMethod.Delete, "/api/v1/limits?type=gateway-rate-limiting-config&name=rate-limits");
        using var allowed = await ChatAsync(host, alice);

        Assert.Equal(429, (int)refused.StatusCode);
        Assert.Equal("none-at-all", listed.Body.GetProperty("data")[0].GetProperty("rules")[0].GetProperty("id").GetString());
        Assert.Equal((204, 200), (deleted.Status, (int)allowed.StatusCode));
        Assert.Null(allowed.Headers.Contains("x-ratelimit-limit-requests") ? "header present" : null);
    }

    [Fact]
    public async Task Status_AnotherUsersLimits_NeedsTenantAdmin()
    {
        await using var host = await GatewayHost.StartAsync();
        var alice = await SetUpAsync(host, TrueFoundryExamples);

        var own = await host.SendAsync(HttpMethod.Get, "/api/v1/limits/status", token: alice);
        var other = await host.SendAsync(HttpMethod.Get, "/api/v1/limits/status?subject=user:bob@example.com", token: alice);

        Assert.Equal(200, own.Status);
        Assert.Contains("everyone-daily", own.Text, StringComparison.Ordinal);
        Assert.Equal(403, other.Status);
    }

    /// <summary>Applies the test account (its chat model priced at $1 per 1,000 tokens when <paramref name="priced"/>), bob, and the limits; returns alice's key.</summary>
    internal static async Task<string> SetUpAsync(GatewayHost host, string limits, bool priced = false)
    {
        var account = TestManifests.Account.Replace("    authorized_subjects: [user:alice@example.com]\n",
            "    authorized_subjects: [user:alice@example.com]\n  - name: nova-canvas\n    type: integration/model/bedrock\n    model_id: amazon.nova-canvas-v1:0\n    model_types: [image]\n",
            StringComparison.Ordinal) + "\n---\ntype: user\nname: bob@example.com\n";
        if (priced)
        {
            account = account.Replace("    model_types: [chat]\n", "    model_types: [chat]\n    cost:\n      per_1000_tokens: {input: 1, output: 1}\n", StringComparison.Ordinal);
        }

        var applied = await host.SendAsync(HttpMethod.Post, "/api/v1/apply", account + "\n---\n" + limits, "application/yaml");
        Assert.True(applied.Status == 200, applied.Text);
        var token = await host.SendAsync(HttpMethod.Post, "/api/v1/personal-access-tokens", """{"name":"t","user":"alice@example.com"}""");
        return token.Body.GetProperty("token").GetString()!;
    }

    internal static Task<HttpResponseMessage> ChatAsync(GatewayHost host, string key) =>
        PostAsync(host, key, "/v1/chat/completions", """{"model":"acct-one/claude-3-5-sonnet","messages":[{"role":"user","content":"hi"}],"max_tokens":50}""");

    private static Task<HttpResponseMessage> EmbedAsync(GatewayHost host, string key) =>
        PostAsync(host, key, "/v1/embeddings", """{"model":"acct-one/titan-embed","input":"hi"}""");

    private static async Task<HttpResponseMessage> PostAsync(GatewayHost host, string key, string path, string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return await host.Http.SendAsync(request);
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.Single() : null;

    private static List<string> Statuses(JsonElement body) =>
        body.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("status").GetString()!).ToList();
}
