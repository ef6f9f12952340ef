using System.Net;
using System.Text;

namespace Sluice.Bedrock.Emulator.Tests;

public sealed class AuthTests(EmulatorHarness h) : IClassFixture<EmulatorHarness>
{
    private const string Model = "anthropic.claude-3-5-sonnet-20240620-v1:0";
    private static readonly string ConversePath = $"/model/{EmulatorHarness.Encode(Model)}/converse";

    [Fact]
    public void CanonicalUri_GoldenBedrockVector_MatchesBotocore()
    {
        // bedrock-wire.md §6: botocore 1.43.11 output for the ARN path, double-encoded.
        var raw = "/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Ainference-profile%2Fus.anthropic.claude-3-7-sonnet-20250219-v1%3A0/converse";
        Assert.Equal("/model/arn%253Aaws%253Abedrock%253Aus-east-1%253A123456789012%253Ainference-profile%252Fus.anthropic.claude-3-7-sonnet-20250219-v1%253A0/converse", SigV4.CanonicalUri(raw));
        var body = "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"Hello\"}]}],\"inferenceConfig\":{\"maxTokens\":256}}"u8.ToArray();
        Assert.Equal("d8695502972bd4d482308b656a524b7a7efcebba591a06801fadba6b39700dd1", SigV4.Sha256Hex(body));
        var canonical = $"POST\n{SigV4.CanonicalUri(raw)}\n\ncontent-type:application/json\nhost:bedrock-runtime.us-east-1.amazonaws.com\nx-amz-date:20250102T030405Z\n\ncontent-type;host;x-amz-date\n{SigV4.Sha256Hex(body)}";
        var sts = $"AWS4-HMAC-SHA256\n20250102T030405Z\n20250102/us-east-1/bedrock/aws4_request\n{SigV4.Sha256Hex(Encoding.UTF8.GetBytes(canonical))}";
        Assert.Equal("cc6cf9034f46c7dd9fd1df0176dee4becdd00682cd6530d05fbcbefe53ef98f1", SigV4.Signature("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20250102", "us-east-1", "bedrock", sts));
    }

    [Fact]
    public async Task SigV4_ValidSignature_Succeeds()
    {
        var response = await h.SendSigned(ConversePath, EmulatorHarness.UserText("hello there"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("sigv4", h.Emulator.Stats.LastRequest!.AuthKind);
        Assert.Equal("arn:aws:iam::111122223333:user/gateway-user-1", h.Emulator.Stats.LastRequest.PrincipalArn);
    }

    [Fact]
    public async Task SigV4_WrongSecret_InvalidSignatureException()
    {
        var response = await h.SendSigned(ConversePath, EmulatorHarness.UserText("hi"), secret: "not-the-secret");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var (type, message) = await EmulatorHarness.ReadError(response);
        Assert.Equal("InvalidSignatureException", type);
        Assert.Equal("The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.", message);
        Assert.True(response.Headers.Contains("x-amzn-RequestId"));
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task SigV4_UnknownAccessKey_UnrecognizedClient()
    {
        var response = await h.SendSigned(ConversePath, EmulatorHarness.UserText("hi"), accessKey: "AKIDUNKNOWN000000");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(("UnrecognizedClientException", "The security token included in the request is invalid."), await EmulatorHarness.ReadError(response));
    }

    [Fact]
    public async Task SigV4_StaleDate_SignatureExpired()
    {
        var response = await h.SendSigned(ConversePath, EmulatorHarness.UserText("hi"), at: DateTime.UtcNow.AddMinutes(-10));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var (type, message) = await EmulatorHarness.ReadError(response);
        Assert.Equal("InvalidSignatureException", type);
        Assert.StartsWith("Signature expired: ", message);
        Assert.Contains(" is now earlier than ", message);
        Assert.EndsWith(" - 5 min.)", message);
    }

    [Fact]
    public async Task SigV4_ServiceBedrockRuntimeInScope_Rejected()
    {
        var response = await h.SendSigned(ConversePath, EmulatorHarness.UserText("hi"), service: "bedrock-runtime");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(("InvalidSignatureException", "Credential should be scoped to correct service: 'bedrock'. "), await EmulatorHarness.ReadError(response));
    }

    [Fact]
    public async Task SigV4_ScopeRegionDiffersFromHostRegion_Rejected()
    {
        var response = await h.SendSigned(ConversePath, EmulatorHarness.UserText("hi"), region: "us-west-2", host: h.RuntimeHost("us-east-1"));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var (type, message) = await EmulatorHarness.ReadError(response);
        Assert.Equal("InvalidSignatureException", type);
        Assert.StartsWith("Credential should be scoped to a valid region", message);
    }

    [Fact]
    public async Task SigV4_PlainLoopbackHost_UsesScopeRegion()
    {
        var response = await h.SendSigned(ConversePath, EmulatorHarness.UserText("hi"), region: "us-west-2", host: $"127.0.0.1:{h.Emulator.Port}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("us-west-2", h.Emulator.Stats.LastRequest!.Region);
    }

    [Fact]
    public async Task NoAuthorization_MissingAuthenticationToken()
    {
        var request = h.Request(HttpMethod.Post, ConversePath, "{}"u8.ToArray());
        var response = await h.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(("MissingAuthenticationTokenException", "Missing Authentication Token"), await EmulatorHarness.ReadError(response));
    }

    [Fact]
    public async Task Bearer_UnknownKey_Forbidden()
    {
        var response = await h.SendBearer(ConversePath, EmulatorHarness.UserText("hi"), key: "ABSKbm90LWEta2V5");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var (_, message) = await EmulatorHarness.ReadError(response);
        Assert.Equal("Authentication failed: Please make sure your API Key is valid.", message);
    }

    [Fact]
    public async Task Bearer_DemoKey_SucceedsInHostRegion()
    {
        var response = await h.SendBearer(ConversePath, EmulatorHarness.UserText("hi"), region: "us-west-2");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("us-west-2", h.Emulator.Stats.LastRequest!.Region);
        Assert.Equal("bearer", h.Emulator.Stats.LastRequest.AuthKind);
    }

    [Fact]
    public async Task TemporaryCredentials_WithToken_Succeed_WithoutToken_Rejected()
    {
        var (key, secret, token, _) = await h.AssumeRole();
        Assert.StartsWith("ASIA", key);
        var ok = await h.SendSigned(ConversePath, EmulatorHarness.UserText("hi"), accessKey: key, secret: secret, token: token);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("arn:aws:sts::111122223333:assumed-role/gateway-bedrock/test-session", h.Emulator.Stats.LastRequest!.PrincipalArn);

        var missing = await h.SendSigned(ConversePath, EmulatorHarness.UserText("hi"), accessKey: key, secret: secret);
        Assert.Equal(HttpStatusCode.Forbidden, missing.StatusCode);
        Assert.Equal("UnrecognizedClientException", (await EmulatorHarness.ReadError(missing)).Type);

        var wrong = await h.SendSigned(ConversePath, EmulatorHarness.UserText("hi"), accessKey: key, secret: secret, token: token + "x");
        Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
    }

    [Fact]
    public async Task TemporaryCredentials_Expired_ExpiredTokenException()
    {
        await using var emulator = await BedrockEmulator.StartAsync(new EmulatorOptions());
        var fixture = emulator.Fixture;
        fixture.StsCredentialLifetimeSeconds = 0;
        var local = new EmulatorHarnessView(emulator, h.Http);
        var (key, secret, token) = await local.AssumeRole();
        var response = await local.SendSigned(ConversePath, EmulatorHarness.UserText("hi"), key, secret, token);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(("ExpiredTokenException", "The security token included in the request is expired"), await EmulatorHarness.ReadError(response));
    }
}

/// <summary>Minimal helpers bound to a private emulator instance.</summary>
internal sealed class EmulatorHarnessView(BedrockEmulator emulator, HttpClient http)
{
    public async Task<(string, string, string)> AssumeRole()
    {
        var form = $"Action=AssumeRole&Version=2011-06-15&RoleArn={Uri.EscapeDataString(EmulatorHarness.RoleArn)}&RoleSessionName=s1&ExternalId=ext-123";
        var bytes = Encoding.UTF8.GetBytes(form);
        var request = new HttpRequestMessage(HttpMethod.Post, emulator.BaseUrl) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new("application/x-www-form-urlencoded");
        TestSigner.Sign(request, bytes, $"sts.us-east-1.localhost:{emulator.Port}", EmulatorHarness.User1Key, EmulatorHarness.User1Secret, "us-east-1", "sts");
        var xml = await (await http.SendAsync(request)).Content.ReadAsStringAsync();
        return (EmulatorHarness.Between(xml, "AccessKeyId"), EmulatorHarness.Between(xml, "SecretAccessKey"), EmulatorHarness.Between(xml, "SessionToken"));
    }

    public Task<HttpResponseMessage> SendSigned(string path, object body, string key, string secret, string? token)
    {
        var bytes = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(body);
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(emulator.BaseUrl, path)) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new("application/json");
        TestSigner.Sign(request, bytes, $"bedrock-runtime.us-east-1.localhost:{emulator.Port}", key, secret, "us-east-1", "bedrock", token);
        return http.SendAsync(request);
    }
}
