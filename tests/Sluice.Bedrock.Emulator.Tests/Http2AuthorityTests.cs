using System.Net;
using System.Text.Json;

namespace Sluice.Bedrock.Emulator.Tests;

/// <summary>HTTP/2 clients such as the AWS SDK for JavaScript v3 sign <c>:authority</c> instead of <c>host</c>.</summary>
public sealed class Http2AuthorityTests(EmulatorHarness h) : IClassFixture<EmulatorHarness>
{
    private static readonly string ConversePath = $"/model/{EmulatorHarness.Encode("amazon.nova-lite-v1:0")}/converse";

    [Fact]
    public async Task Converse_Http2SignedWithAuthority_Verifies()
    {
        var response = await SendH2("signed with authority", ":authority", EmulatorHarness.User1Secret);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpVersion.Version20, response.Version);
        Assert.Contains("signed with authority", await response.Content.ReadAsStringAsync());
        Assert.Equal("sigv4", h.Emulator.Stats.LastRequest!.AuthKind);
    }

    [Fact]
    public async Task Converse_Http2SignedWithAuthorityWrongSecret_InvalidSignatureException()
    {
        var response = await SendH2("hi", ":authority", "not-the-secret");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var (type, message) = await EmulatorHarness.ReadError(response);
        Assert.Equal("InvalidSignatureException", type);
        Assert.StartsWith("The request signature we calculated does not match the signature you provided.", message);
    }

    [Fact]
    public async Task Converse_Http2SignedWithHost_Verifies()
    {
        // Kestrel serves the :authority as Host, so a signer that keeps "host" over HTTP/2 (botocore, .NET) still verifies.
        var response = await SendH2("signed with host", "host", EmulatorHarness.User1Secret);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Converse_NeitherHostNorAuthoritySigned_InvalidSignatureException()
    {
        var response = await SendH2("hi", null, EmulatorHarness.User1Secret);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(("InvalidSignatureException", "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization."),
            await EmulatorHarness.ReadError(response));
    }

    private async Task<HttpResponseMessage> SendH2(string text, string? authorityHeader, string secret)
    {
        using var client = new HttpClient { DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };
        var body = JsonSerializer.SerializeToUtf8Bytes(EmulatorHarness.UserText(text));
        var request = h.Request(HttpMethod.Post, ConversePath, body);
        request.Version = HttpVersion.Version20;
        request.VersionPolicy = HttpVersionPolicy.RequestVersionExact;
        // HttpClient sends the Host value as the :authority pseudo-header over HTTP/2.
        TestSigner.Sign(request, body, h.RuntimeHost("us-east-1"), EmulatorHarness.User1Key, secret, "us-east-1", "bedrock", authorityHeader: authorityHeader);
        var response = await client.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }
}
