using System.Net;

namespace Sluice.Bedrock.Emulator.Tests;

public sealed class StsTests
{
    [Fact]
    public async Task AssumeRole_TrustedWithExternalId_IssuesCredentialsAndCounts()
    {
        await using var h = new EmulatorHarness();
        await h.InitializeAsync();
        var (key, secret, token, xml) = await h.AssumeRole();
        Assert.StartsWith("<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">", xml);
        Assert.Contains("<Arn>arn:aws:sts::111122223333:assumed-role/gateway-bedrock/test-session</Arn>", xml);
        Assert.Matches("<Expiration>\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ</Expiration>", xml);
        Assert.NotEmpty(secret);
        Assert.NotEmpty(token);
        Assert.StartsWith("ASIA", key);
        Assert.Equal(1, h.Emulator.Stats.StsAssumeRoleCalls);

        var identity = await h.SendSts("Action=GetCallerIdentity&Version=2011-06-15", key, secret, token: token);
        var body = await identity.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, identity.StatusCode);
        Assert.Contains("<Arn>arn:aws:sts::111122223333:assumed-role/gateway-bedrock/test-session</Arn>", body);
        Assert.Contains("<Account>111122223333</Account>", body);
        Assert.Equal(1, h.Emulator.Stats.StsCallerIdentityCalls);
    }

    [Fact]
    public async Task AssumeRole_UntrustedUser_AccessDeniedXml()
    {
        await using var h = new EmulatorHarness();
        await h.InitializeAsync();
        var form = $"Action=AssumeRole&Version=2011-06-15&RoleArn={Uri.EscapeDataString(EmulatorHarness.RoleArn)}&RoleSessionName=s&ExternalId=ext-123";
        var response = await h.SendSts(form.Replace("RoleSessionName=s", "RoleSessionName=s2", StringComparison.Ordinal), EmulatorHarness.User2Key, EmulatorHarness.User2Secret);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var xml = await response.Content.ReadAsStringAsync();
        Assert.Contains("<Type>Sender</Type>", xml);
        Assert.Contains("<Code>AccessDenied</Code>", xml);
        Assert.Contains("<Message>User: arn:aws:iam::111122223333:user/gateway-user-2 is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::111122223333:role/gateway-bedrock</Message>", xml);
        Assert.Contains("<RequestId>", xml);
        Assert.Equal(1, h.Emulator.Stats.StsAssumeRoleCalls);
    }

    [Theory]
    [InlineData("&ExternalId=wrong-id")]
    [InlineData("")]
    public async Task AssumeRole_WrongOrMissingExternalId_AccessDenied(string externalPart)
    {
        await using var h = new EmulatorHarness();
        await h.InitializeAsync();
        var form = $"Action=AssumeRole&Version=2011-06-15&RoleArn={Uri.EscapeDataString(EmulatorHarness.RoleArn)}&RoleSessionName=sess{externalPart}";
        var response = await h.SendSts(form);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("<Code>AccessDenied</Code>", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("RoleSessionName=a", "roleSessionName")]
    [InlineData("RoleSessionName=bad name!", "roleSessionName")]
    [InlineData("RoleSessionName=ok&DurationSeconds=100", "durationSeconds")]
    [InlineData("RoleSessionName=ok&DurationSeconds=50000", "durationSeconds")]
    public async Task AssumeRole_InvalidParameters_ValidationError(string part, string field)
    {
        await using var h = new EmulatorHarness();
        await h.InitializeAsync();
        var response = await h.SendSts($"Action=AssumeRole&Version=2011-06-15&RoleArn={Uri.EscapeDataString(EmulatorHarness.RoleArn)}&ExternalId=ext-123&{part.Replace(" ", "%20", StringComparison.Ordinal)}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var xml = await response.Content.ReadAsStringAsync();
        Assert.Contains("<Code>ValidationError</Code>", xml);
        Assert.Contains($"at '{field}'", xml);
    }

    [Fact]
    public async Task Sts_WrongSecret_SignatureDoesNotMatchXml()
    {
        await using var h = new EmulatorHarness();
        await h.InitializeAsync();
        var response = await h.SendSts("Action=GetCallerIdentity&Version=2011-06-15", secret: "wrong");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("<Code>SignatureDoesNotMatch</Code>", await response.Content.ReadAsStringAsync());
    }
}
