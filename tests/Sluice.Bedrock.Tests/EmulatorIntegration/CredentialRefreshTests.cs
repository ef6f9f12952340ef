using Amazon.Runtime;
using Sluice.Bedrock.Credentials;
using Sluice.Bedrock.Errors;
using Sluice.Bedrock.Tests.Credentials;
using Sluice.Core.Embeddings;

namespace Sluice.Bedrock.Tests.EmulatorIntegration;

/// <summary>Assumed-role credentials: cached, refreshed once before expiry however many calls arrive, never shared across roles.</summary>
public sealed class CredentialRefreshTests : IClassFixture<CredentialEmulatorHost>
{
    private static readonly AssumeRoleAuth Role = new(EmulatorHost.RoleArn, EmulatorHost.ExternalId);
    private readonly CredentialEmulatorHost _host;

    public CredentialRefreshTests(CredentialEmulatorHost host)
    {
        _host = host;
        host.Reset();
    }

    [Fact]
    public async Task ConverseAsync_HundredConcurrentCallsAtRefreshTime_ExactlyOneExtraAssumeRole()
    {
        // Only the engine's clock is fake: signing uses the real clock, so the emulator's 5-minute skew check still holds.
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        var engine = EmulatorHost.Engine(time: clock);
        var client = _host.Client(engine);
        var target = _host.Target(EmulatorHost.NovaLite, "us-east-1", Role);
        await client.ConverseAsync(target, EmulatorBodies.Hello, default);
        var firstKey = _host.Stats.LastRequest!.AccessKeyId;
        Assert.Equal(1, _host.Stats.StsAssumeRoleCalls);

        // 56 minutes on is inside the 5-minute refresh window of the first 1-hour session. STS stamps expiry with the real
        // clock, so the next session is issued for 2 hours: it then looks fresh on the engine's clock, and late callers
        // must reuse it instead of refreshing again.
        clock.Advance(TimeSpan.FromMinutes(56));
        _host.Emulator.Fixture.StsCredentialLifetimeSeconds = 7200;
        try
        {
            var calls = new Task[100];
            for (var i = 0; i < calls.Length; i++)
            {
                calls[i] = Task.Run(() => client.ConverseAsync(target, EmulatorBodies.Hello, default));
            }

            await Task.WhenAll(calls);
        }
        finally
        {
            _host.Emulator.Fixture.StsCredentialLifetimeSeconds = null;
        }

        Assert.Equal(2, _host.Stats.StsAssumeRoleCalls);
        Assert.Equal(2, engine.StsCallCount);
        Assert.Equal(101, _host.Stats.RuntimeCalls("Converse"));
        Assert.NotEqual(firstKey, _host.Stats.LastRequest!.AccessKeyId);
    }

    [Fact]
    public async Task ConverseAsync_HundredConcurrentColdCalls_OneAssumeRole()
    {
        var client = _host.Client(EmulatorHost.Engine());
        var target = _host.Target(EmulatorHost.NovaLite, "us-east-1", Role);
        var calls = new Task[100];
        for (var i = 0; i < calls.Length; i++)
        {
            calls[i] = Task.Run(() => client.ConverseAsync(target, EmulatorBodies.Hello, default));
        }

        await Task.WhenAll(calls);

        Assert.Equal(1, _host.Stats.StsAssumeRoleCalls);
        Assert.Equal(100, _host.Stats.RuntimeCalls("Converse"));
    }

    [Fact]
    public async Task ConverseAsync_WithinSessionLifetime_NoFurtherAssumeRole()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        var client = _host.Client(EmulatorHost.Engine(time: clock));
        var target = _host.Target(EmulatorHost.NovaLite, "us-east-1", Role);

        for (var i = 0; i < 5; i++)
        {
            await client.ConverseAsync(target, EmulatorBodies.Hello, default);
            clock.Advance(TimeSpan.FromMinutes(10));
        }

        Assert.Equal(1, _host.Stats.StsAssumeRoleCalls);
    }

    [Fact]
    public async Task ConverseAsync_DifferentRolesAndExternalIds_SeparateCacheEntries()
    {
        var engine = EmulatorHost.Engine();
        var client = _host.Client(engine);
        var other = new AssumeRoleAuth(CredentialEmulatorHost.OtherRoleArn, CredentialEmulatorHost.OtherExternalId);

        await client.ConverseAsync(_host.Target(EmulatorHost.NovaLite, "us-east-1", Role), EmulatorBodies.Hello, default);
        Assert.Equal("arn:aws:sts::111122223333:assumed-role/gateway-bedrock/sluice-gateway", _host.Stats.LastRequest!.PrincipalArn);
        await client.ConverseAsync(_host.Target(EmulatorHost.NovaLite, "us-east-1", other), EmulatorBodies.Hello, default);
        Assert.Equal("arn:aws:sts::111122223333:assumed-role/gateway-other/sluice-gateway", _host.Stats.LastRequest!.PrincipalArn);
        await client.ConverseAsync(_host.Target(EmulatorHost.NovaLite, "us-east-1", Role), EmulatorBodies.Hello, default);
        await client.ConverseAsync(_host.Target(EmulatorHost.NovaLite, "us-east-1", other), EmulatorBodies.Hello, default);
        Assert.Equal(2, _host.Stats.StsAssumeRoleCalls);

        // Same role, wrong external ID: must go to STS (and be refused), not reuse the cached ext-123 session.
        var wrong = new AssumeRoleAuth(EmulatorHost.RoleArn, CredentialEmulatorHost.OtherExternalId);
        var e = await Assert.ThrowsAsync<BedrockException>(() =>
            client.ConverseAsync(_host.Target(EmulatorHost.NovaLite, "us-east-1", wrong), EmulatorBodies.Hello, default));
        Assert.Equal("AccessDenied", e.Error.ExceptionName);
        Assert.Equal(3, _host.Stats.StsAssumeRoleCalls);
    }

    [Fact]
    public async Task ConverseAsync_DifferentSessionNames_SeparateSessions()
    {
        var client = _host.Client(EmulatorHost.Engine());

        await client.ConverseAsync(_host.Target(EmulatorHost.NovaLite, "us-east-1", Role with { SessionName = "team-a" }), EmulatorBodies.Hello, default);
        var a = _host.Stats.LastRequest!.PrincipalArn;
        await client.ConverseAsync(_host.Target(EmulatorHost.NovaLite, "us-east-1", Role with { SessionName = "team-b" }), EmulatorBodies.Hello, default);

        Assert.Equal("arn:aws:sts::111122223333:assumed-role/gateway-bedrock/team-a", a);
        Assert.Equal("arn:aws:sts::111122223333:assumed-role/gateway-bedrock/team-b", _host.Stats.LastRequest!.PrincipalArn);
        Assert.Equal(2, _host.Stats.StsAssumeRoleCalls);
    }

    [Fact]
    public async Task ConverseAsync_StsRefusesRefreshBeforeExpiry_KeepsServingCachedSession()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        var client = _host.Client(EmulatorHost.Engine(time: clock));
        var target = _host.Target(EmulatorHost.NovaLite, "us-east-1", Role);
        await client.ConverseAsync(target, EmulatorBodies.Hello, default);
        var role = _host.Emulator.Fixture.Roles[0];
        var externalId = role.ExternalId;
        clock.Advance(TimeSpan.FromMinutes(57));
        role.ExternalId = "rotated-by-owner";
        try
        {
            var response = await client.ConverseAsync(target, EmulatorBodies.Converse("still served"), default);

            Assert.Contains("still served", AuthFormTests.ReplyText(response.Body));
            Assert.Equal(2, _host.Stats.StsAssumeRoleCalls);
        }
        finally
        {
            role.ExternalId = externalId;
        }
    }

    [Fact]
    public async Task ConverseAsync_StsIssuesExpiredSession_ExpiredToken403()
    {
        _host.Emulator.Fixture.StsCredentialLifetimeSeconds = 0;
        try
        {
            var e = await Assert.ThrowsAsync<BedrockException>(() =>
                _host.Client().ConverseAsync(_host.Target(EmulatorHost.NovaLite, "us-east-1", Role), EmulatorBodies.Hello, default));

            Assert.Equal("ExpiredTokenException", e.Error.ExceptionName);
            Assert.Equal(403, e.Error.Status);
        }
        finally
        {
            _host.Emulator.Fixture.StsCredentialLifetimeSeconds = null;
        }
    }

    [Fact]
    public async Task ConverseAsync_RoleChainedFromRoleSession_SecondHopAssumed()
    {
        // The engine's identity is itself a role session (ASIA key + session token): the second hop must sign the token.
        var first = await EmulatorHost.Engine().ResolveAsync(Role, "us-east-1", new Uri(_host.Emulator.BaseUrl, "/"), default);
        var chained = EmulatorHost.Engine(new SessionAWSCredentials(first.SigV4!.AccessKey, first.SigV4.SecretKey, first.SigV4.Token));

        await _host.Client(chained).ConverseAsync(
            _host.Target(EmulatorHost.NovaLite, "us-east-1", new AssumeRoleAuth(CredentialEmulatorHost.ChainedRoleArn)), EmulatorBodies.Hello, default);

        Assert.Equal("arn:aws:sts::111122223333:assumed-role/gateway-chained/sluice-gateway", _host.Stats.LastRequest!.PrincipalArn);
    }

    [Fact]
    public async Task EmbedAsync_AssumeRoleWithExternalId_EmbeddingsRunAsRole()
    {
        var provider = _host.Provider("amazon.titan-embed-text-v2:0", Role);

        var response = await provider.EmbedAsync(new EmbeddingRequest { Model = "acct/titan", Inputs = ["role embedding"] }, default);

        Assert.Single(response.Vectors);
        Assert.Equal("arn:aws:sts::111122223333:assumed-role/gateway-bedrock/sluice-gateway", _host.Stats.LastRequest!.PrincipalArn);
    }

    [Fact]
    public async Task ConverseStreamAsync_AssumeRoleWithExternalId_StreamRunsAsRole()
    {
        await using var stream = await _host.Client().ConverseStreamAsync(
            _host.Target(EmulatorHost.NovaLite, "us-east-1", Role), EmulatorBodies.Hello, default);
        await foreach (var _ in stream.ReadMessagesAsync(default))
        {
        }

        Assert.Equal("arn:aws:sts::111122223333:assumed-role/gateway-bedrock/sluice-gateway", _host.Stats.LastRequest!.PrincipalArn);
    }
}
