using System.Text.Json;
using Amazon.Runtime;
using Sluice.Bedrock.Credentials;
using Sluice.Bedrock.Errors;

namespace Sluice.Bedrock.Tests.EmulatorIntegration;

/// <summary>Each way an account can authenticate, against the emulator's real SigV4, STS and bearer checks.</summary>
public sealed class AuthFormTests : IClassFixture<EmulatorHost>
{
    private const string SessionArn = "arn:aws:sts::111122223333:assumed-role/gateway-bedrock/" + BedrockCredentialEngine.DefaultSessionName;
    private readonly EmulatorHost _host;

    public AuthFormTests(EmulatorHost host)
    {
        _host = host;
        host.Reset();
    }

    [Fact]
    public async Task ConverseAsync_AccessKeys_SignedAsUserAndAnswered()
    {
        var response = await _host.Client().ConverseAsync(
            _host.Target(EmulatorHost.NovaLite, "us-east-1", EmulatorHost.User1), EmulatorBodies.Converse("ping from user one"), default);

        Assert.Contains("ping from user one", ReplyText(response.Body));
        var seen = _host.Stats.LastRequest!;
        Assert.Equal("sigv4", seen.AuthKind);
        Assert.Equal("arn:aws:iam::111122223333:user/gateway-user-1", seen.PrincipalArn);
        Assert.Equal("us-east-1", response.Region);
    }

    [Fact]
    public async Task ConverseAsync_WrongSecret_InvalidSignature403()
    {
        var auth = new AccessKeyAuth(EmulatorHost.User1Key, EmulatorHost.User1Secret + "x");

        var e = await Assert.ThrowsAsync<BedrockException>(() =>
            _host.Client().ConverseAsync(_host.Target(EmulatorHost.NovaLite, "us-east-1", auth), EmulatorBodies.Hello, default));

        Assert.Equal("InvalidSignatureException", e.Error.ExceptionName);
        Assert.Equal(403, e.Error.Status);
        Assert.False(e.Error.Retryable);
        Assert.Contains("signature we calculated does not match", e.Error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ConverseAsync_UnknownAccessKey_UnrecognizedClient403()
    {
        var auth = new AccessKeyAuth("AKIDNOBODYKNOWS00", EmulatorHost.User1Secret);

        var e = await Assert.ThrowsAsync<BedrockException>(() =>
            _host.Client().ConverseAsync(_host.Target(EmulatorHost.NovaLite, "us-east-1", auth), EmulatorBodies.Hello, default));

        Assert.Equal("UnrecognizedClientException", e.Error.ExceptionName);
        Assert.Equal(403, e.Error.Status);
    }

    [Fact]
    public async Task ConverseAsync_TemporaryKeysWithSessionToken_SignedWithTokenAndAnswered()
    {
        // Resolve the role once, then configure its temporary keys as plain access keys with a session token.
        var resolved = await EmulatorHost.Engine().ResolveAsync(
            new AssumeRoleAuth(EmulatorHost.RoleArn, EmulatorHost.ExternalId), "us-east-1", new Uri(_host.Emulator.BaseUrl, "/"), default);
        var temp = resolved.SigV4!;
        Assert.StartsWith("ASIA", temp.AccessKey, StringComparison.Ordinal);
        var auth = new AccessKeyAuth(temp.AccessKey, temp.SecretKey, temp.Token);

        var response = await _host.Client().ConverseAsync(_host.Target(EmulatorHost.NovaLite, "us-west-2", auth), EmulatorBodies.Hello, default);

        Assert.Contains("Hello there", ReplyText(response.Body));
        Assert.Equal(SessionArn, _host.Stats.LastRequest!.PrincipalArn);
        Assert.Equal(temp.Token, _host.Stats.LastRequest.Headers["x-amz-security-token"]);
    }

    [Fact]
    public async Task ConverseAsync_TemporaryKeyWithoutItsToken_Rejected403()
    {
        var resolved = await EmulatorHost.Engine().ResolveAsync(
            new AssumeRoleAuth(EmulatorHost.RoleArn, EmulatorHost.ExternalId), "us-east-1", new Uri(_host.Emulator.BaseUrl, "/"), default);
        var auth = new AccessKeyAuth(resolved.SigV4!.AccessKey, resolved.SigV4.SecretKey);

        var e = await Assert.ThrowsAsync<BedrockException>(() =>
            _host.Client().ConverseAsync(_host.Target(EmulatorHost.NovaLite, "us-east-1", auth), EmulatorBodies.Hello, default));

        Assert.Equal(403, e.Error.Status);
    }

    [Fact]
    public async Task ConverseAsync_AssumeRoleWithExternalId_CallsAsAssumedRoleSession()
    {
        var engine = EmulatorHost.Engine();

        var response = await _host.Client(engine).ConverseAsync(
            _host.Target(EmulatorHost.NovaLite, "us-east-1", new AssumeRoleAuth(EmulatorHost.RoleArn, EmulatorHost.ExternalId)),
            EmulatorBodies.Converse("as the role"), default);

        Assert.Contains("as the role", ReplyText(response.Body));
        var seen = _host.Stats.LastRequest!;
        Assert.Equal(SessionArn, seen.PrincipalArn);
        Assert.StartsWith("ASIA", seen.AccessKeyId, StringComparison.Ordinal);
        Assert.Equal(1, _host.Stats.StsAssumeRoleCalls);
        Assert.Equal(1, engine.StsCallCount);
    }

    [Fact]
    public async Task ConverseAsync_AssumeRoleInUsEast2_RoleGrantUsedNotUsers()
    {
        // gateway-user-1 itself may not call us-east-2; the role may. A call that ran as the host identity would fail.
        var response = await _host.Client().ConverseAsync(
            _host.Target(EmulatorHost.NovaLite, "us-east-2", new AssumeRoleAuth(EmulatorHost.RoleArn, EmulatorHost.ExternalId)),
            EmulatorBodies.Hello, default);

        Assert.Equal("us-east-2", response.Region);
        Assert.Equal("us-east-2", _host.Stats.LastRequest!.ServedRegion);
        Assert.Equal(SessionArn, _host.Stats.LastRequest.PrincipalArn);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("ext-999")]
    public async Task ConverseAsync_AssumeRoleWithoutOrWrongExternalId_StsAccessDenied403(string? externalId)
    {
        var e = await Assert.ThrowsAsync<BedrockException>(() => _host.Client().ConverseAsync(
            _host.Target(EmulatorHost.NovaLite, "us-east-1", new AssumeRoleAuth(EmulatorHost.RoleArn, externalId)), EmulatorBodies.Hello, default));

        Assert.Equal("AccessDenied", e.Error.ExceptionName);
        Assert.Equal(403, e.Error.Status);
        Assert.False(e.Error.Retryable);
        Assert.Contains("User: arn:aws:iam::111122223333:user/gateway-user-1 is not authorized to perform: sts:AssumeRole on resource: "
            + EmulatorHost.RoleArn, e.Error.Message, StringComparison.Ordinal);
        Assert.Equal(0, _host.Stats.RuntimeCalls("Converse"));
    }

    [Fact]
    public async Task ConverseAsync_AssumeRoleFromUntrustedUser_StsAccessDeniedNamingThatUser()
    {
        var engine = EmulatorHost.Engine(new BasicAWSCredentials(EmulatorHost.User2Key, EmulatorHost.User2Secret));

        var e = await Assert.ThrowsAsync<BedrockException>(() => _host.Client(engine).ConverseAsync(
            _host.Target(EmulatorHost.NovaLite, "us-east-1", new AssumeRoleAuth(EmulatorHost.RoleArn, EmulatorHost.ExternalId)), EmulatorBodies.Hello, default));

        Assert.Equal("AccessDenied", e.Error.ExceptionName);
        Assert.Equal(403, e.Error.Status);
        Assert.Contains("user/gateway-user-2 is not authorized to perform: sts:AssumeRole", e.Error.Message, StringComparison.Ordinal);
        Assert.Equal(0, _host.Stats.TotalRuntimeCalls);
    }

    [Fact]
    public async Task ConverseAsync_ApiKey_BearerAcceptedWithoutAnyAwsIdentity()
    {
        // No source identity and no STS: a bearer-only setup must never need SigV4 credentials.
        var engine = new BedrockCredentialEngine(sourceIdentity: null);

        var response = await _host.Client(engine).ConverseAsync(_host.Target(EmulatorHost.NovaLite, "us-west-2", _host.ApiKey), EmulatorBodies.Hello, default);

        Assert.Contains("Hello there", ReplyText(response.Body));
        var seen = _host.Stats.LastRequest!;
        Assert.Equal("bearer", seen.AuthKind);
        Assert.Equal("arn:aws:iam::111122223333:user/BedrockAPIKey-demo", seen.PrincipalArn);
        Assert.Equal("us-west-2", seen.Region);
        Assert.Equal(0, engine.StsCallCount);
    }

    [Fact]
    public async Task ConverseAsync_BadApiKey_Forbidden403WithAwsMessage()
    {
        var e = await Assert.ThrowsAsync<BedrockException>(() => _host.Client().ConverseAsync(
            _host.Target(EmulatorHost.NovaLite, "us-east-1", new ApiKeyAuth("ABSKbm90LWEtcmVhbC1rZXk=")), EmulatorBodies.Hello, default));

        Assert.Equal(403, e.Error.Status);
        Assert.Contains("Authentication failed: Please make sure your API Key is valid.", e.Error.Message, StringComparison.Ordinal);
        Assert.False(e.Error.Retryable);
    }

    internal static string ReplyText(byte[] converseBody)
    {
        using var doc = JsonDocument.Parse(converseBody);
        var text = "";
        foreach (var block in doc.RootElement.GetProperty("output").GetProperty("message").GetProperty("content").EnumerateArray())
        {
            if (block.TryGetProperty("text", out var t))
            {
                text += t.GetString();
            }
        }

        return text;
    }
}
