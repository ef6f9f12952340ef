using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Sluice.Gateway.Tests.Functional;

/// <summary>
/// Virtual models end to end: manifests applied to the real gateway, calls through /v1, faults injected by the
/// emulator's knobs on <see cref="FunctionalFixture.FaultModel"/> (the target <c>keys/faulty</c>).
/// </summary>
[Collection(FunctionalCollection.Name)]
public sealed class RoutingTests(FunctionalFixture fx)
{
    [Fact]
    public async Task Apply_TrueFoundryDocumentationExample_AppliesUnchangedAndServes()
    {
        await ApplyAsync($"""
            {Account("bedrock-east", "us-east-1")}
            ---
            {Account("bedrock-west", "us-west-2")}
            ---
            name: chat-prod
            type: provider-account/virtual-model
            collaborators: [{"{"}subject: team:platform, role_id: provider-account-manager{"}"},
                            {"{"}subject: team:everyone, role_id: provider-account-access{"}"}]
            integrations:
              - name: sonnet
                type: integration/model/virtual
                model_types: [chat]
                routing_config:
                  type: priority-based-routing
                  load_balance_targets:
                    - target: bedrock-east/claude-sonnet
                      priority: 0
                      sla_cutoff: {"{"}time_per_output_token_ms: 80{"}"}
                      retry_config: {"{"}attempts: 1, delay: 250, on_status_codes: ["429", "503"]{"}"}
                      fallback_status_codes: ["429", "500", "502", "503"]
                    - {"{"}target: bedrock-west/claude-sonnet, priority: 1, headers_override: {"{"}remove: [x-debug]{"}"}{"}"}
            """);

        var (status, body, text, headers) = await ChatAsync("chat-prod/sonnet", "hello routing");

        Assert.True(status == 200, text);
        Assert.Equal("hello routing", body.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
        Assert.Equal("bedrock-east/claude-sonnet", Header(headers, "x-sluice-resolved-model"));
        Assert.Equal("1", Header(headers, "x-sluice-attempts"));
        var (_, models, _, _) = await fx.SendAsync(HttpMethod.Get, "/v1/models", null);
        Assert.Contains(models.GetProperty("data").EnumerateArray(), m => m.GetProperty("id").GetString() == "chat-prod/sonnet");
    }

    [Fact]
    public async Task Chat_ThrottledTarget_FallsBackToNextPriorityAndUsageRecordsEveryAttempt()
    {
        await ApplyGroupAsync("rt-fallback", "priority-based-routing", """
                    - {target: keys/faulty, priority: 0, retry_config: {attempts: 0}}
                    - {target: keys2/nova-lite, priority: 2}
                    - {target: keys/nova-lite, priority: 1}
            """);

        await fx.WithFaultAsync(k => k.Fault = Bedrock.Emulator.EmulatorFault.Throttle, async () =>
        {
            var (status, _, text, headers) = await ChatAsync("rt-fallback/vm", "fall back please");

            Assert.True(status == 200, text);
            Assert.Equal("keys/nova-lite", Header(headers, "x-sluice-resolved-model"));
            Assert.Equal("2", Header(headers, "x-sluice-attempts"));
            var rows = await UsageRowsAsync(Header(headers, "x-request-id")!, 2);
            Assert.Contains(rows, r => r.GetProperty("resolved_model").GetString() == "keys/faulty" && r.GetProperty("status").GetInt32() == 429 && r.GetProperty("attempts").GetInt32() == 1);
            Assert.Contains(rows, r => r.GetProperty("resolved_model").GetString() == "keys/nova-lite" && r.GetProperty("status").GetInt32() == 200
                && r.GetProperty("attempts").GetInt32() == 2 && r.GetProperty("cost_usd").GetDecimal() > 0 && r.GetProperty("model").GetString() == "rt-fallback/vm");
        });
    }

    [Fact]
    public async Task Chat_ThrottleWithRetryAfter_RetriesTheSameRegionOnlyAfterRetryAfter()
    {
        await ApplyGroupAsync("rt-retry-after", "priority-based-routing", """
                    - {target: keys/faulty, priority: 0, retry_config: {attempts: 1, delay: 10}}
                    - {target: keys/nova-lite, priority: 1}
            """);

        await fx.WithFaultAsync(k => { k.Fault = Bedrock.Emulator.EmulatorFault.Throttle; k.FaultCount = 1; k.RetryAfterSeconds = 2; }, async () =>
        {
            var clock = Stopwatch.StartNew();
            var (status, _, text, headers) = await ChatAsync("rt-retry-after/vm", "wait for me");

            Assert.True(status == 200, text);
            Assert.Equal("keys/faulty", Header(headers, "x-sluice-resolved-model"));
            Assert.Equal("2", Header(headers, "x-sluice-attempts"));
            Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(2), $"retried after {clock.Elapsed}, before the upstream's Retry-After of 2 s");
        });
    }

    [Fact]
    public async Task Chat_FallbackCandidateFalse_NeverUsedAsFallback()
    {
        await ApplyGroupAsync("rt-no-fallback", "priority-based-routing", """
                    - {target: keys/faulty, priority: 0, retry_config: {attempts: 0}}
                    - {target: keys/nova-lite, priority: 1, fallback_candidate: false}
            """);

        await fx.WithFaultAsync(k => k.Fault = Bedrock.Emulator.EmulatorFault.Unavailable, async () =>
        {
            var (status, body, text, headers) = await ChatAsync("rt-no-fallback/vm", "no way out");

            Assert.True(status == 503, text);
            Assert.Equal("ServiceUnavailableException", body.GetProperty("error").GetProperty("code").GetString());
            Assert.Equal("keys/faulty", Header(headers, "x-sluice-resolved-model"));
            Assert.Equal(FunctionalFixture.FaultModel, Header(headers, "x-sluice-upstream-model-id"));
            Assert.Equal("1", Header(headers, "x-sluice-attempts"));
        });
    }

    [Fact]
    public async Task ChatStream_ThrottledBeforeFirstByte_RetriedInvisibly()
    {
        await ApplyGroupAsync("rt-stream-retry", "priority-based-routing", """
                    - {target: keys/faulty, retry_config: {attempts: 1, delay: 10}, fallback_status_codes: []}
            """);

        await fx.WithFaultAsync(k => { k.Fault = Bedrock.Emulator.EmulatorFault.StreamException; k.FaultAfterEvents = 0; k.FaultCount = 1; }, async () =>
        {
            var (status, events, headers) = await StreamAsync("rt-stream-retry/vm", "alpha beta gamma");

            Assert.Equal(200, status);
            Assert.Equal("2", Header(headers, "x-sluice-attempts"));
            Assert.Equal("alpha beta gamma", Text(events));
            Assert.Equal("[DONE]", events[^1].Data);
            Assert.DoesNotContain(events, e => e.Data.Contains("\"error\"", StringComparison.Ordinal));
        });
    }

    [Fact]
    public async Task ChatStream_FailsAfterFirstByte_NotRetriedAndClientSeesErrorEvent()
    {
        await ApplyGroupAsync("rt-stream-late", "priority-based-routing", """
                    - {target: keys/faulty, priority: 0, retry_config: {attempts: 2, delay: 10, on_status_codes: ["429", "500", "502", "503"]}}
                    - {target: keys/nova-lite, priority: 1}
            """);

        await fx.WithFaultAsync(k => { k.Fault = Bedrock.Emulator.EmulatorFault.StreamException; k.FaultAfterEvents = 4; }, async () =>
        {
            var (status, events, headers) = await StreamAsync("rt-stream-late/vm", "one two three four five six seven eight");

            Assert.Equal(200, status);
            Assert.Equal("keys/faulty", Header(headers, "x-sluice-resolved-model"));
            Assert.Equal("1", Header(headers, "x-sluice-attempts"));
            Assert.NotEqual("", Text(events));
            Assert.Contains(events, e => e.Data.Contains("\"error\"", StringComparison.Ordinal));
            Assert.Equal(1, fx.Emulator.Fixture.Model(FunctionalFixture.FaultModel).Knobs.FaultsApplied);
        });
    }

    [Fact]
    public async Task Chat_WeightedTargets_HoldWithin5PercentOver2000Requests()
    {
        await ApplyGroupAsync("rt-weights", "weight-based-routing", """
                    - {target: keys/nova-lite, weight: 70}
                    - {target: keys2/nova-lite, weight: 30}
            """);

        var first = 0;
        await Parallel.ForAsync(0, 2000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (_, _) =>
        {
            var (status, _, text, headers) = await ChatAsync("rt-weights/vm", "w");
            Assert.True(status == 200, text);
            if (Header(headers, "x-sluice-resolved-model") == "keys/nova-lite") Interlocked.Increment(ref first);
        });

        Assert.InRange(first / 2000.0, 0.65, 0.75);
    }

    [Fact]
    public async Task Chat_StickySession_StaysOnOneTarget()
    {
        await ApplyGroupAsync("rt-sticky", "weight-based-routing", """
                    - {target: keys/nova-lite, weight: 50}
                    - {target: keys2/nova-lite, weight: 50}
                  sticky_routing:
                    ttl_seconds: 600
                    session_identifiers: [{source: headers, key: x-session-id}]
            """);

        var served = new HashSet<string>();
        for (var i = 0; i < 20; i++)
        {
            var (_, _, _, headers) = await ChatAsync("rt-sticky/vm", "s", ("x-session-id", "session-1"));
            served.Add(Header(headers, "x-sluice-resolved-model")!);
        }

        Assert.Single(served);
    }

    [Fact]
    public async Task Chat_TargetKeepsFailing_IsCooledDownAndTriedLast()
    {
        await ApplyGroupAsync("rt-cooling", "priority-based-routing", """
                    - {target: keys/faulty, priority: 0, retry_config: {attempts: 0}}
                    - {target: keys/nova-lite, priority: 1}
            """);

        await fx.WithFaultAsync(k => k.Fault = Bedrock.Emulator.EmulatorFault.Internal, async () =>
        {
            await ChatAsync("rt-cooling/vm", "x");
            await ChatAsync("rt-cooling/vm", "x");
            var (status, _, _, headers) = await ChatAsync("rt-cooling/vm", "x");

            Assert.Equal(200, status);
            Assert.Equal("1", Header(headers, "x-sluice-attempts")); // the cooling target is no longer tried first
            Assert.Equal(2, fx.Emulator.Fixture.Model(FunctionalFixture.FaultModel).Knobs.FaultsApplied);
        });
    }

    [Fact]
    public async Task Chat_LatencyBased_MovesTrafficToTheFasterTarget()
    {
        await ApplyGroupAsync("rt-latency", "latency-based-routing", """
                    - {target: keys/faulty}
                    - {target: keys/nova-lite}
            """);

        await fx.WithFaultAsync(k => k.FirstByteDelayMs = 150, async () =>
        {
            var late = new List<string>();
            for (var i = 0; i < 16; i++)
            {
                var (_, _, _, headers) = await ChatAsync("rt-latency/vm", "quick");
                if (i >= 8) late.Add(Header(headers, "x-sluice-resolved-model")!);
            }

            Assert.All(late, m => Assert.Equal("keys/nova-lite", m));
        });
    }

    [Fact]
    public async Task EmbeddingsAndImages_VirtualModels_RouteAndNameTheTarget()
    {
        await ApplyAsync("""
            name: rt-media
            type: provider-account/virtual-model
            collaborators: [{subject: team:everyone, role_id: provider-account-access}]
            integrations:
              - name: embed
                type: integration/model/virtual
                model_types: [embedding]
                routing_config: {type: priority-based-routing, load_balance_targets: [{target: keys/titan-embed}]}
              - name: draw
                type: integration/model/virtual
                model_types: [image]
                routing_config: {type: weight-based-routing, load_balance_targets: [{target: keys/nova-canvas, weight: 100}]}
            """);

        var (status, _, text, headers) = await fx.SendAsync(HttpMethod.Post, "/v1/embeddings", """{"model":"rt-media/embed","input":"hello"}""");
        Assert.True(status == 200, text);
        Assert.Equal("keys/titan-embed", Header(headers, "x-sluice-resolved-model"));

        (status, _, text, headers) = await fx.SendAsync(HttpMethod.Post, "/v1/images/generations", """{"model":"rt-media/draw","prompt":"a lighthouse","size":"512x512"}""");
        Assert.True(status == 200, text);
        Assert.Equal("keys/nova-canvas", Header(headers, "x-sluice-resolved-model"));
    }

    [Fact]
    public async Task Chat_GroupCollaborators_DecideWhoCalls_NotTheTargetsAccount()
    {
        await ApplyAsync($"""
            name: rt-private
            type: provider-account/aws-bedrock
            region: us-east-1
            auth_data: {"{"}type: access-key-based, access_key_id: AKIDEXAMPLEUSER1, secret_access_key: {FunctionalFixture.User1Secret}{"}"}
            endpoint_url: {fx.Emulator.RuntimeEndpointTemplate}
            integrations: [{"{"}name: nova-lite, type: integration/model/bedrock, model_id: amazon.nova-lite-v1:0, model_types: [chat]{"}"}]
            ---
            name: rt-open
            type: provider-account/virtual-model
            collaborators: [{"{"}subject: user:dev@example.com, role_id: provider-account-access{"}"}]
            integrations:
              - {"{"}name: vm, type: integration/model/virtual, model_types: [chat], routing_config: {"{"}type: priority-based-routing, load_balance_targets: [{"{"}target: rt-private/nova-lite{"}"}]{"}"}{"}"}
            ---
            name: rt-closed
            type: provider-account/virtual-model
            collaborators: [{"{"}subject: team:platform, role_id: provider-account-access{"}"}]
            integrations:
              - {"{"}name: vm, type: integration/model/virtual, model_types: [chat], routing_config: {"{"}type: priority-based-routing, load_balance_targets: [{"{"}target: keys/nova-lite{"}"}]{"}"}{"}"}
            """);

        Assert.Equal(403, (await ChatAsync("rt-private/nova-lite", "direct")).Status);
        Assert.Equal(200, (await ChatAsync("rt-open/vm", "through the group")).Status);
        Assert.Equal(403, (await ChatAsync("rt-closed/vm", "not a collaborator")).Status);
    }

    [Fact]
    public async Task Apply_BadVirtualModel_ReportsEveryProblemWithItsPath()
    {
        var (status, body, text, _) = await fx.SendAsync(HttpMethod.Post, "/api/v1/apply", """
            name: rt-bad
            type: provider-account/virtual-model
            integrations:
              - name: vm
                type: integration/model/virtual
                model_types: [chat]
                routing_config:
                  type: weight-based-routing
                  load_balance_targets:
                    - {target: keys/nova-lit, weight: 50}
                    - {target: keys/titan-embed, weight: 50}
                    - {target: keys/claude-3-5-sonnet}
                    - {target: chat-prod/sonnet, weight: 10, retry_config: {attempts: 1, on_status_codes: ["42"]}, fallback_candidat: false}
            """, fx.AdminToken, "application/yaml");

        Assert.True(status == 400, text);
        var paths = body.GetProperty("error").GetProperty("details").EnumerateArray().Select(p => p.GetProperty("path").GetString()).ToList();
        const string t = "integrations[0].routing_config.load_balance_targets";
        Assert.Contains($"{t}[0].target", paths); // unknown, with a did-you-mean
        Assert.Contains($"{t}[1].target", paths); // serves embeddings, not chat
        Assert.Contains($"{t}[2].weight", paths); // weight missing
        Assert.Contains($"{t}[3].retry_config.on_status_codes[0]", paths);
        Assert.Contains($"{t}[3].fallback_candidat", paths); // unknown key
        Assert.Contains("keys/nova-lite", text);
    }

    [Fact]
    public async Task Group_ReappliedReadAndDeleted_UnchangedThenGone()
    {
        const string yaml = """
            name: rt-lifecycle
            type: provider-account/virtual-model
            collaborators: [{subject: team:everyone, role_id: provider-account-access}]
            integrations:
              - name: vm
                type: integration/model/virtual
                model_types: [chat]
                slug: rt-lifecycle-slug
                routing_config:
                  type: weight-based-routing
                  load_balance_targets:
                    - {target: keys/nova-lite, weight: 100, retry_config: {attempts: 1}, override_params: {temperature: 0.2}, metadata_match: {env: prod}}
            """;
        await ApplyAsync(yaml);
        var (_, again, _, _) = await fx.SendAsync(HttpMethod.Post, "/api/v1/apply", yaml, fx.AdminToken, "application/yaml");
        Assert.Equal("unchanged", again.GetProperty("results")[0].GetProperty("status").GetString());

        var (status, group, text, _) = await fx.SendAsync(HttpMethod.Get, "/api/v1/virtual-model-groups/rt-lifecycle", null, fx.AdminToken);
        Assert.True(status == 200, text);
        Assert.Equal(0.2m, group.GetProperty("integrations")[0].GetProperty("routing_config").GetProperty("load_balance_targets")[0]
            .GetProperty("override_params").GetProperty("temperature").GetDecimal());
        Assert.Equal(503, (await ChatAsync("rt-lifecycle/vm", "no metadata")).Status);
        Assert.Equal(200, (await ChatAsync("rt-lifecycle-slug", "by slug", ("X-TFY-METADATA", "{\"env\":\"prod\"}"))).Status);

        (status, _, text, _) = await fx.SendAsync(HttpMethod.Delete, "/api/v1/virtual-model-groups/rt-lifecycle", null, fx.AdminToken);
        Assert.True(status == 204, text);
        Assert.Equal(404, (await ChatAsync("rt-lifecycle/vm", "gone")).Status);
    }

    [Fact]
    public async Task Apply_GroupNamedLikeAnAccount_Refused()
    {
        var (status, _, text, _) = await fx.SendAsync(HttpMethod.Post, "/api/v1/apply", """
            name: keys
            type: provider-account/virtual-model
            integrations:
              - {name: vm, type: integration/model/virtual, model_types: [chat], routing_config: {type: priority-based-routing, load_balance_targets: [{target: keys/nova-lite}]}}
            """, fx.AdminToken, "application/yaml");

        Assert.True(status == 400, text);
        Assert.Contains("is already a provider account", text);
    }

    [Fact]
    public async Task Chat_LegacyLoadBalancingRules_FirstMatchingRuleRoutesTheName()
    {
        await ApplyAsync("""
            name: routing
            type: gateway-load-balancing-config
            rules:
              - {id: prod-split, type: weight-based-routing, when: {models: [legacy-chat], metadata: {env: prod}},
                 load_balance_targets: [{target: keys/nova-lite, weight: 100}, {target: keys2/nova-lite, weight: 0, fallback_candidate: false}]}
              - {id: everyone, type: priority-based-routing, when: {models: [legacy-chat], subjects: [team:everyone]},
                 load_balance_targets: [{target: keys2/nova-lite}]}
            """);

        var (status, _, text, headers) = await ChatAsync("legacy-chat", "prod", ("X-TFY-METADATA", "{\"env\":\"prod\"}"));
        Assert.True(status == 200, text);
        Assert.Equal("keys/nova-lite", Header(headers, "x-sluice-resolved-model"));
        Assert.Equal("routing/prod-split", Header(headers, "x-sluice-model"));

        (status, _, text, headers) = await ChatAsync("legacy-chat", "no metadata");
        Assert.True(status == 200, text);
        Assert.Equal("keys2/nova-lite", Header(headers, "x-sluice-resolved-model"));
        Assert.Equal("routing/everyone", Header(headers, "x-sluice-model"));

        Assert.Equal(400, (await ChatAsync("legacy-chat", "bad", ("X-TFY-METADATA", "not json"))).Status);
        var (bad, _, problems, _) = await fx.SendAsync(HttpMethod.Post, "/api/v1/apply", """
            name: routing
            type: gateway-load-balancing-config
            rules:
              - {id: r1, type: weight-based-routing, when: {models: []}, load_balance_targets: [{target: keys/nova-lit, weight: 10}]}
            """, fx.AdminToken, "application/yaml");
        Assert.Equal(400, bad);
        Assert.Contains("rules[0].when.models", problems);
        Assert.Contains("rules[0].load_balance_targets[0].target", problems);
    }

    private static string Account(string name, string region) => $$"""
        name: {{name}}
        type: provider-account/aws-bedrock
        region: {{region}}
        auth_data: {type: access-key-based, access_key_id: AKIDEXAMPLEUSER1, secret_access_key: {{FunctionalFixture.User1Secret}}}
        collaborators: [{subject: team:everyone, role_id: provider-account-access}]
        integrations: [{name: claude-sonnet, type: integration/model/bedrock, model_id: anthropic.claude-3-5-sonnet-20240620-v1:0, model_types: [chat]}]
        """.Replace("integrations:", "endpoint_url: ENDPOINT\nintegrations:", StringComparison.Ordinal);

    private async Task ApplyAsync(string yaml)
    {
        yaml = yaml.Replace("ENDPOINT", fx.Emulator.RuntimeEndpointTemplate, StringComparison.Ordinal);
        var (status, _, text, _) = await fx.SendAsync(HttpMethod.Post, "/api/v1/apply", yaml, fx.AdminToken, "application/yaml");
        Assert.True(status == 200, text);
    }

    private Task ApplyGroupAsync(string group, string strategy, string targets) => ApplyAsync($"""
        name: {group}
        type: provider-account/virtual-model
        collaborators: [{"{"}subject: team:everyone, role_id: provider-account-access{"}"}]
        integrations:
          - name: vm
            type: integration/model/virtual
            model_types: [chat]
            routing_config:
              type: {strategy}
              load_balance_targets:
        {targets}
        """);

    private async Task<(int Status, JsonElement Body, string Text, HttpResponseHeaders Headers)> ChatAsync(string model, string text, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, fx.BaseUrl + "/v1/chat/completions")
        {
            Content = new StringContent(JsonSerializer.Serialize(new { model, messages = new[] { new { role = "user", content = text } } }), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", fx.UserToken);
        foreach (var (name, value) in headers) request.Headers.Add(name, value);
        using var response = await fx.Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, body.StartsWith('{') ? JsonDocument.Parse(body).RootElement.Clone() : default, body, response.Headers);
    }

    private async Task<(int Status, List<(string? Event, string Data)> Events, HttpResponseHeaders Headers)> StreamAsync(string model, string text)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, fx.BaseUrl + "/v1/chat/completions")
        {
            Content = new StringContent(JsonSerializer.Serialize(new { model, stream = true, messages = new[] { new { role = "user", content = text } } }), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", fx.UserToken);
        using var response = await fx.Http.SendAsync(request);
        return ((int)response.StatusCode, ChatTests.SseEvents(await response.Content.ReadAsStringAsync()), response.Headers);
    }

    private static string Text(List<(string? Event, string Data)> events)
    {
        var text = new StringBuilder();
        foreach (var (_, data) in events)
        {
            if (!data.StartsWith('{')) continue;
            var root = JsonDocument.Parse(data).RootElement;
            if (root.TryGetProperty("choices", out var choices) && choices.GetArrayLength() > 0
                && choices[0].GetProperty("delta").TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String)
            {
                text.Append(content.GetString());
            }
        }

        return text.ToString();
    }

    private static string? Header(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.First() : null;

    private async Task<List<JsonElement>> UsageRowsAsync(string requestId, int expected)
    {
        // The usage writer batches records; poll until this request's records land.
        for (var i = 0; i < 50; i++)
        {
            var (_, body, _, _) = await fx.SendAsync(HttpMethod.Get, "/api/v1/usage?limit=500", null, fx.AdminToken);
            var rows = body.GetProperty("data").EnumerateArray().Where(r => r.GetProperty("request_id").GetString() == requestId).ToList();
            if (rows.Count >= expected) return rows;
            await Task.Delay(100);
        }

        throw new Xunit.Sdk.XunitException($"Fewer than {expected} usage records for request {requestId}.");
    }
}
