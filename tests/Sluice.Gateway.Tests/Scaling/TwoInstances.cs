using System.Diagnostics;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Sluice.Gateway.Tests.Hosting;

namespace Sluice.Gateway.Tests.Scaling;

/// <summary>
/// Two gateways (A and B) on one PostgreSQL database with the same master key, and with a Redis server of their own
/// unless asked otherwise. <see cref="SetUpAsync"/> gives both an account with one model that alice may call.
/// </summary>
internal sealed class TwoInstances : IAsyncDisposable
{
    public const string Alice = "alice@example.com";

    private TwoInstances(GatewayHost a, GatewayHost b, RedisServer? redis)
    {
        A = a;
        B = b;
        Redis = redis;
    }

    public GatewayHost A { get; }
    public GatewayHost B { get; }
    public RedisServer? Redis { get; }

    /// <summary>Alice's key (set by <see cref="SetUpAsync"/>) and its id.</summary>
    public string AliceKey { get; private set; } = "";
    public string AliceKeyId { get; private set; } = "";

    /// <param name="withRedis">Start a Redis server and give both instances <c>--redis</c>.</param>
    /// <param name="poll">The configuration poll interval; long by default, so a change within a second proves Redis delivered it.</param>
    /// <param name="server">The PostgreSQL server (a test that stops it passes its own); null = the shared one.</param>
    public static async Task<TwoInstances> StartAsync(bool withRedis = true, TimeSpan? poll = null, PostgresServer? server = null)
    {
        var redis = withRedis ? await RedisServer.StartAsync() : null;
        var database = await (server ?? await PostgresServer.SharedAsync()).CreateDatabaseAsync();
        var masterKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var interval = poll ?? TimeSpan.FromSeconds(30);
        var a = await GatewayHost.StartAsync(connectionString: database, redis: redis?.Configuration, masterKey: masterKey, configPollInterval: interval);
        var b = await GatewayHost.StartAsync(connectionString: database, redis: redis?.Configuration, masterKey: masterKey, configPollInterval: interval);
        return new TwoInstances(a, b, redis);
    }

    /// <summary>An account with <c>acct/m1</c> for alice, applied through A, and alice's key; waits until B serves it too.</summary>
    public async Task SetUpAsync()
    {
        var applied = await A.SendAsync(HttpMethod.Post, "/api/v1/apply", Manifest("m1"), "application/yaml");
        Assert.True(applied.Status == 200, applied.Text);
        var created = await A.SendAsync(HttpMethod.Post, "/api/v1/personal-access-tokens", $$"""{"name":"k","user":"{{Alice}}"}""");
        Assert.True(created.Status is 200 or 201, created.Text);
        AliceKey = created.Body.GetProperty("token").GetString()!;
        AliceKeyId = created.Body.GetProperty("id").GetString()!;
        // B's snapshot, not a call: the tests that count usage count every call they make.
        await WaitAsync(() => Task.FromResult(B.Snapshots.Current.Keys.ContainsKey(AliceKeyId) && B.Snapshots.Current.Models.ContainsKey("acct/m1")),
            TimeSpan.FromSeconds(10), "B to know acct/m1 and alice's key");
    }

    /// <summary>The account manifest with the given models, each callable by alice.</summary>
    public static string Manifest(params string[] models)
    {
        var text = new StringBuilder("""
            name: acct
            type: provider-account/aws-bedrock
            region: us-east-1
            auth_data:
              type: access-key-based
              access_key_id: AKIDEXAMPLEUSER1
              secret_access_key: wJalrXUtnFEMI/K7MDENG/bPxRfiCYUNIQUESECRET42
            collaborators:
              - subject: user:alice@example.com
                role_id: provider-account-access
            integrations:

            """);
        foreach (var m in models)
        {
            text.Append($"""
                  - name: {m}
                    type: integration/model/bedrock
                    model_id: anthropic.claude-3-5-sonnet-20240620-v1:0
                    model_types: [chat]
                    authorized_subjects: [user:{Alice}]

                """);
        }

        text.Append($"""
            ---
            type: user
            name: {Alice}
            """);
        return text.ToString();
    }

    /// <summary>One chat completion as alice (or with <paramref name="key"/>); the HTTP status.</summary>
    public async Task<int> ChatAsync(GatewayHost host, string model, string? key = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, host.BaseUrl + "/v1/chat/completions")
        {
            Content = new StringContent($$"""{"model":"{{model}}","messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key ?? AliceKey);
        using var response = await Client.SendAsync(request);
        return (int)response.StatusCode;
    }

    /// <summary>Polls <paramref name="condition"/> every 20 ms; returns how long it took to hold, or fails after <paramref name="limit"/>.</summary>
    public static async Task<TimeSpan> WaitAsync(Func<Task<bool>> condition, TimeSpan limit, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > limit) Assert.Fail($"Waited {limit.TotalSeconds} s for {what}.");
            await Task.Delay(20);
        }

        return clock.Elapsed;
    }

    public async ValueTask DisposeAsync()
    {
        await A.DisposeAsync();
        await B.DisposeAsync();
        if (Redis is not null) await Redis.DisposeAsync();
    }

    private static readonly HttpClient Client = new();
}
