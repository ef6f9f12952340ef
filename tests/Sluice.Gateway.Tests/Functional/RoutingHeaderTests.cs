using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Sluice.Bedrock.Emulator;

namespace Sluice.Gateway.Tests.Functional;

/// <summary>
/// The per-request routing headers end to end against the emulator's faults: timeouts and retries on real models
/// (not only virtual ones), <c>x-tfy-retry-config</c> over a target's <c>retry_config</c>, and TrueFoundry's
/// <c>x-tfy-resolved-model</c>.
/// </summary>
[Collection(FunctionalCollection.Name)]
public sealed class RoutingHeaderTests(FunctionalFixture fx)
{
    [Fact]
    public async Task Chat_RealModelSlowerThanRequestTimeout_408NamingTheDeadline()
    {
        await fx.WithFaultAsync(k => k.FirstByteDelayMs = 5000, async () =>
        {
            var clock = Stopwatch.StartNew();
            var (status, body, text, headers) = await SendAsync("keys/faulty", stream: false, ("x-tfy-request-timeout", "300"));

            Assert.True(status == 408, text);
            Assert.Equal("request_timeout", body.GetProperty("error").GetProperty("code").GetString());
            Assert.Contains("request timeout of 300 ms", body.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(4), $"answered after {clock.Elapsed}: the upstream was waited for");
            Assert.Equal("keys/faulty", Header(headers, "x-tfy-resolved-model"));
        });
    }

    [Fact]
    public async Task ChatStream_RealModelMissesFirstTokenTimeout_408BeforeAnyByte()
    {
        await fx.WithFaultAsync(k => k.FirstByteDelayMs = 5000, async () =>
        {
            var (status, body, text, _) = await SendAsync("keys/faulty", stream: true, ("x-sluice-ttft-timeout-ms", "300"));

            Assert.True(status == 408, text);
            Assert.Equal("first_token_timeout", body.GetProperty("error").GetProperty("code").GetString());
            Assert.Contains("first-token timeout of 300 ms", body.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Chat_RealModelThrottledOnceWithRetryHeader_RetriedAndServed()
    {
        await fx.WithFaultAsync(k => { k.Fault = EmulatorFault.Throttle; k.FaultCount = 1; }, async () =>
        {
            var (status, _, text, headers) = await SendAsync("keys/faulty", stream: false, ("x-tfy-retry-config", """{"attempts": 1, "delay": 10, "onStatusCodes": [429]}"""));

            Assert.True(status == 200, text);
            Assert.Equal("2", Header(headers, "x-sluice-attempts"));
            Assert.Equal("keys/faulty", Header(headers, "x-tfy-resolved-model"));
        });
    }

    [Fact]
    public async Task Chat_RealModelThrottledOnceWithoutRetryHeader_CallerGets429()
    {
        await fx.WithFaultAsync(k => { k.Fault = EmulatorFault.Throttle; k.FaultCount = 1; }, async () =>
        {
            var (status, _, text, _) = await SendAsync("keys/faulty", stream: false);

            Assert.True(status == 429, text);
        });
    }

    [Fact]
    public async Task Chat_RetryHeaderOverTargetRetryConfig_SameTargetRetriedInsteadOfFallingBack()
    {
        await ApplyGroupAsync("rh-precedence", """
                    - {target: keys/faulty, priority: 0, retry_config: {attempts: 0}}
                    - {target: keys/nova-lite, priority: 1}
            """);

        await fx.WithFaultAsync(k => { k.Fault = EmulatorFault.Throttle; k.FaultCount = 1; }, async () =>
        {
            var (status, _, text, headers) = await SendAsync("rh-precedence/vm", stream: false, ("x-tfy-retry-config", """{"attempts": 1, "delay": 10}"""));

            Assert.True(status == 200, text);
            Assert.Equal("keys/faulty", Header(headers, "x-sluice-resolved-model"));
            Assert.Equal("keys/faulty", Header(headers, "x-tfy-resolved-model"));
            Assert.Equal("2", Header(headers, "x-sluice-attempts"));
        });
    }

    [Theory]
    [InlineData("{\"attempts\": 99}")]
    [InlineData("{\"onStatusCodes\": [\"abc\"]}")]
    [InlineData("{\"retries\": 1}")]
    [InlineData("not json")]
    public async Task Chat_MalformedRetryHeader_400InvalidHeader(string value)
    {
        var (status, body, text, _) = await SendAsync("keys/nova-lite", stream: false, ("x-tfy-retry-config", value));

        Assert.True(status == 400, text);
        Assert.Equal("invalid_header", body.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("x-tfy-retry-config", body.GetProperty("error").GetProperty("param").GetString());
    }

    [Fact]
    public async Task Chat_RealModelWithoutRoutingHeaders_NamesItselfAsResolvedModelOnly()
    {
        var (status, _, text, headers) = await SendAsync("keys/nova-lite", stream: false);

        Assert.True(status == 200, text);
        Assert.Equal("keys/nova-lite", Header(headers, "x-tfy-resolved-model"));
        Assert.Null(Header(headers, "x-sluice-attempts"));
    }

    [Fact]
    public async Task Chat_TargetWithHeadersOverride_HeadersArriveSignedAndRemovedOnesAreGone()
    {
        await ApplyGroupAsync("rh-headers", """
                    - target: keys/nova-lite
                      headers_override:
                        set: {X-Amzn-Bedrock-Service-Tier: priority, X-Amzn-Bedrock-PerformanceConfig-Latency: optimized, X-Amzn-Bedrock-Trace: ENABLED}
                        remove: [User-Agent]
            """);

        var (status, _, text, headers) = await SendAsync("rh-headers/vm", stream: false);

        Assert.True(status == 200, text); // the emulator checked the signature, over these headers too
        var seen = fx.Emulator.Stats.RecentRequests.Last(r => r.Operation == "Converse" && r.Headers.ContainsKey("x-amzn-bedrock-service-tier"));
        Assert.Equal(("priority", "optimized", "ENABLED"), (seen.Headers["x-amzn-bedrock-service-tier"], seen.Headers["x-amzn-bedrock-performanceconfig-latency"],
            seen.Headers["x-amzn-bedrock-trace"]));
        Assert.False(seen.Headers.ContainsKey("user-agent"));
        Assert.Equal("sigv4", seen.AuthKind);
        Assert.Equal("keys/nova-lite", Header(headers, "x-tfy-resolved-model"));
    }

    [Fact]
    public async Task ChatStream_TargetWithHeadersOverride_HeadersArriveOnTheStreamRequest()
    {
        await ApplyGroupAsync("rh-headers-stream", """
                    - {target: keys/nova-lite, headers_override: {set: {X-Amzn-Bedrock-Service-Tier: flex}}}
            """);

        var (status, _, text, _) = await SendAsync("rh-headers-stream/vm", stream: true);

        Assert.True(status == 200, text);
        Assert.Contains(fx.Emulator.Stats.RecentRequests,
            r => r.Operation == "ConverseStream" && r.Headers.TryGetValue("x-amzn-bedrock-service-tier", out var tier) && tier == "flex");
    }

    [Fact]
    public async Task Apply_HeadersOverrideOfProtectedHeaders_RefusedWithPaths()
    {
        var yaml = """
            name: rh-protected
            type: provider-account/virtual-model
            integrations:
              - name: vm
                type: integration/model/virtual
                model_types: [chat]
                routing_config:
                  type: priority-based-routing
                  load_balance_targets:
                    - target: keys/nova-lite
                      headers_override: {set: {Authorization: x, X-Amz-Date: y, "Bad Name": z}, remove: [host, content-length, x-debug]}
            """;

        var (status, _, problems, _) = await fx.SendAsync(HttpMethod.Post, "/api/v1/apply", yaml, fx.AdminToken, "application/yaml");

        Assert.Equal(400, status);
        Assert.Contains("headers_override.set.Authorization", problems);
        Assert.Contains("headers_override.set.X-Amz-Date", problems);
        Assert.Contains("headers_override.set.Bad Name", problems);
        Assert.Contains("headers_override.remove[0]", problems);
        Assert.Contains("headers_override.remove[1]", problems);
        Assert.DoesNotContain("headers_override.remove[2]", problems);
    }

    [Fact]
    public async Task Chat_TenantRetrySettings_UsedByTargetsWithoutRetryConfigButNotOverTheirOwn()
    {
        await ApplyGroupAsync("rh-tenant", """
                    - {target: keys/faulty, priority: 0}
                    - {target: keys/nova-lite, priority: 1}
            """);
        await ApplyGroupAsync("rh-tenant-own", """
                    - {target: keys/faulty, priority: 0, retry_config: {attempts: 0}}
                    - {target: keys/nova-lite, priority: 1}
            """);
        await ApplyYamlAsync("""
            name: settings
            type: gateway-global-settings
            retry_settings: {attempts: 1, delay: 10, on_status_codes: ["429"]}
            logging_settings: {type: header_controlled, log_body_by_default: true}
            """);
        try
        {
            await fx.WithFaultAsync(k => { k.Fault = EmulatorFault.Throttle; k.FaultCount = 1; }, async () =>
            {
                var (status, _, text, headers) = await SendAsync("rh-tenant/vm", stream: false);

                Assert.True(status == 200, text);
                Assert.Equal(("keys/faulty", "2"), (Header(headers, "x-sluice-resolved-model"), Header(headers, "x-sluice-attempts")));
            });
            await fx.WithFaultAsync(k => { k.Fault = EmulatorFault.Throttle; k.FaultCount = 1; }, async () =>
            {
                var (status, _, text, headers) = await SendAsync("rh-tenant-own/vm", stream: false);

                Assert.True(status == 200, text);
                Assert.Equal(("keys/nova-lite", "2"), (Header(headers, "x-sluice-resolved-model"), Header(headers, "x-sluice-attempts")));
            });
        }
        finally
        {
            // Tenant-wide: the other tests of this collection expect TrueFoundry's defaults.
            await ApplyYamlAsync("name: settings\ntype: gateway-global-settings\n");
        }
    }

    [Fact]
    public async Task Apply_TenantRetrySettingsOutOfRange_RefusedWithPaths()
    {
        var (status, _, problems, _) = await fx.SendAsync(HttpMethod.Post, "/api/v1/apply", """
            name: settings
            type: gateway-global-settings
            retry_settings: {attempts: 99, on_status_codes: ["abc"]}
            """, fx.AdminToken, "application/yaml");

        Assert.Equal(400, status);
        Assert.Contains("retry_settings.attempts", problems);
        Assert.Contains("retry_settings.on_status_codes[0]", problems);
    }

    private async Task ApplyYamlAsync(string yaml)
    {
        var (status, _, text, _) = await fx.SendAsync(HttpMethod.Post, "/api/v1/apply", yaml, fx.AdminToken, "application/yaml");
        Assert.True(status == 200, text);
    }

    private async Task ApplyGroupAsync(string group, string targets)
    {
        var yaml = $"""
            name: {group}
            type: provider-account/virtual-model
            collaborators: [{"{"}subject: team:everyone, role_id: provider-account-access{"}"}]
            integrations:
              - name: vm
                type: integration/model/virtual
                model_types: [chat]
                routing_config:
                  type: priority-based-routing
                  load_balance_targets:
            {targets}
            """;
        var (status, _, text, _) = await fx.SendAsync(HttpMethod.Post, "/api/v1/apply", yaml, fx.AdminToken, "application/yaml");
        Assert.True(status == 200, text);
    }

    private async Task<(int Status, JsonElement Body, string Text, HttpResponseHeaders Headers)> SendAsync(string model, bool stream,
        params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, fx.BaseUrl + "/v1/chat/completions")
        {
            Content = new StringContent(JsonSerializer.Serialize(new { model, stream, messages = new[] { new { role = "user", content = "routing headers" } } }),
                Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", fx.UserToken);
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
        using var response = await fx.Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, body.StartsWith('{') ? JsonDocument.Parse(body).RootElement.Clone() : default, body, response.Headers);
    }

    private static string? Header(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.First() : null;
}
