using System.Text;
using Amazon.Runtime;
using Amazon.Runtime.Internal.Auth;
using Sluice.Bedrock.Signing;

namespace Sluice.Bedrock.Tests.Signing;

public sealed class SigV4SignerTests
{
    private const string AccessKey = "AKIDEXAMPLE";
    private const string Secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private const string ArnWirePath =
        "/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Ainference-profile%2Fus.anthropic.claude-3-7-sonnet-20250219-v1%3A0/converse";
    private const string ConverseBody =
        """{"messages":[{"role":"user","content":[{"text":"Hello"}]}],"inferenceConfig":{"maxTokens":256}}""";

    private static readonly DateTimeOffset BedrockTime = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private static readonly DateTimeOffset SuiteTime = new(2015, 8, 30, 12, 36, 0, TimeSpan.Zero);

    [Fact]
    public void ComputeSignature_BedrockGoldenVector_MatchesBotocore()
    {
        var result = new SigV4Signer().ComputeSignature("POST", ArnWirePath, null, "bedrock-runtime.us-east-1.amazonaws.com",
            "application/json", Encoding.UTF8.GetBytes(ConverseBody), new ImmutableCredentials(AccessKey, Secret, null),
            "us-east-1", "bedrock", BedrockTime);

        Assert.Equal("content-type;host;x-amz-date", result.SignedHeaders);
        Assert.Equal("cc6cf9034f46c7dd9fd1df0176dee4becdd00682cd6530d05fbcbefe53ef98f1", result.Signature);
        Assert.Equal("20250102T030405Z", result.AmzDate);
        Assert.Equal(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20250102/us-east-1/bedrock/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=cc6cf9034f46c7dd9fd1df0176dee4becdd00682cd6530d05fbcbefe53ef98f1",
            result.Authorization);
        Assert.EndsWith("\nd8695502972bd4d482308b656a524b7a7efcebba591a06801fadba6b39700dd1", result.CanonicalRequest, StringComparison.Ordinal);
    }

    [Fact]
    public void ComputeSignature_BedrockGoldenVectorWithSessionToken_SignsTokenHeader()
    {
        var result = new SigV4Signer().ComputeSignature("POST", ArnWirePath, null, "bedrock-runtime.us-east-1.amazonaws.com",
            "application/json", Encoding.UTF8.GetBytes(ConverseBody), new ImmutableCredentials(AccessKey, Secret, "EXAMPLESESSIONTOKEN"),
            "us-east-1", "bedrock", BedrockTime);

        Assert.Equal("content-type;host;x-amz-date;x-amz-security-token", result.SignedHeaders);
        Assert.Equal("1ee21b5fb7742d80ce266197299edbafdf124699c34243e001c874b5ba183fa4", result.Signature);
    }

    [Fact]
    public void ComputeSignature_ExtraHeaders_SignedInSortedOrderWithCanonicalValues()
    {
        var plain = new SigV4Signer().ComputeSignature("POST", ArnWirePath, null, "bedrock-runtime.us-east-1.amazonaws.com",
            "application/json", Encoding.UTF8.GetBytes(ConverseBody), new ImmutableCredentials(AccessKey, Secret, "EXAMPLESESSIONTOKEN"),
            "us-east-1", "bedrock", BedrockTime);
        var result = new SigV4Signer().ComputeSignature("POST", ArnWirePath, null, "bedrock-runtime.us-east-1.amazonaws.com",
            "application/json", Encoding.UTF8.GetBytes(ConverseBody), new ImmutableCredentials(AccessKey, Secret, "EXAMPLESESSIONTOKEN"),
            "us-east-1", "bedrock", BedrockTime, [new("X-Amzn-Bedrock-Trace", " ENABLED "), new("X-Amzn-Bedrock-Service-Tier", "a  b"), new("Accept-Language", "en")]);

        Assert.Equal("accept-language;content-type;host;x-amz-date;x-amz-security-token;x-amzn-bedrock-service-tier;x-amzn-bedrock-trace", result.SignedHeaders);
        Assert.Contains("\nx-amz-security-token:EXAMPLESESSIONTOKEN\nx-amzn-bedrock-service-tier:a b\nx-amzn-bedrock-trace:ENABLED\n\n", result.CanonicalRequest, StringComparison.Ordinal);
        Assert.NotEqual(plain.Signature, result.Signature);
    }

    [Fact]
    public void ComputeSignature_ArnPath_CanonicalUriIsDoubleEncoded()
    {
        var result = new SigV4Signer().ComputeSignature("POST", ArnWirePath, null, "h", "application/json", [],
            new ImmutableCredentials(AccessKey, Secret, null), "us-east-1", "bedrock", BedrockTime);

        var canonicalUri = result.CanonicalRequest!.Split('\n')[1];
        Assert.Equal(
            "/model/arn%253Aaws%253Abedrock%253Aus-east-1%253A123456789012%253Ainference-profile%252Fus.anthropic.claude-3-7-sonnet-20250219-v1%253A0/converse",
            canonicalUri);
    }

    [Theory]
    [InlineData("GET", null, "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")] // get-vanilla
    [InlineData("POST", null, "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b")] // post-vanilla
    [InlineData("GET", "6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267",
        "07ec1639c89043aa0e3e2de82b96708f198cceab042d4a97044c66dd9f74e7f8")] // get-vanilla-with-session-token
    public void ComputeSignature_Aws4TestSuite_MatchesKnownSignature(string method, string? token, string expected)
    {
        var result = new SigV4Signer().ComputeSignature(method, "/", null, "example.amazonaws.com", null, [],
            new ImmutableCredentials(AccessKey, Secret, token), "us-east-1", "service", SuiteTime);

        Assert.Equal(expected, result.Signature);
    }

    [Fact]
    public void ComputeSignature_AnyCanonicalRequest_AgreesWithAwsSdkSigner()
    {
        var result = new SigV4Signer().ComputeSignature("POST", "/model/a.b%3A0/invoke", "b=2&a=1", "127.0.0.1:4000",
            "application/json", "{}"u8, new ImmutableCredentials(AccessKey, Secret, "tok"), "eu-west-3", "bedrock", BedrockTime);

        var sdk = AWS4Signer.ComputeSignature(AccessKey, Secret, "eu-west-3", BedrockTime.UtcDateTime, "bedrock",
            result.SignedHeaders, result.CanonicalRequest);
        Assert.Equal(sdk.Signature, result.Signature);
        Assert.Equal("a=1&b=2", result.CanonicalRequest!.Split('\n')[2]);
    }

    [Fact]
    public void Sign_NonDefaultPort_SetsAndSignsHostWithPort()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "http://127.0.0.1:4000/model/x.y%3A0/converse");
        var result = new SigV4Signer().Sign(request, "application/json", "{}"u8, new ImmutableCredentials(AccessKey, Secret, "tok"),
            "us-east-1", "bedrock", BedrockTime);

        Assert.Equal("127.0.0.1:4000", request.Headers.Host);
        var parts = new SigV4Signer().ComputeSignature("POST", "/model/x.y%3A0/converse", null, "127.0.0.1:4000", "application/json", "{}"u8,
            new ImmutableCredentials(AccessKey, Secret, "tok"), "us-east-1", "bedrock", BedrockTime);
        Assert.Contains("\nhost:127.0.0.1:4000\n", parts.CanonicalRequest, StringComparison.Ordinal);
        Assert.Equal(parts.Authorization, result.Authorization);
        Assert.Null(result.CanonicalRequest); // the hot path does not build it
        Assert.Equal("tok", Assert.Single(request.Headers.GetValues("X-Amz-Security-Token")));
        Assert.Equal("20250102T030405Z", Assert.Single(request.Headers.GetValues("X-Amz-Date")));
        Assert.Equal(result.Authorization, Assert.Single(request.Headers.GetValues("Authorization")));
        Assert.False(request.Headers.Contains("X-Amz-Content-Sha256"));
    }

    [Fact]
    public void Sign_SameDayRegionService_DerivesKeyOnce()
    {
        var signer = new SigV4Signer();
        var creds = new ImmutableCredentials(AccessKey, Secret, null);
        for (var i = 0; i < 3; i++)
        {
            signer.ComputeSignature("POST", "/", null, "h", null, [], creds, "us-east-1", "bedrock", BedrockTime.AddMinutes(i));
        }

        signer.ComputeSignature("POST", "/", null, "h", null, [], creds, "us-west-2", "bedrock", BedrockTime);
        signer.ComputeSignature("POST", "/", null, "h", null, [], creds, "us-east-1", "bedrock", BedrockTime.AddDays(1));

        Assert.Equal(3, signer.CachedKeyCount);
    }

    [Theory]
    [InlineData("anthropic.claude-3-haiku-20240307-v1:0", "anthropic.claude-3-haiku-20240307-v1%3A0")]
    [InlineData("arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123def456",
        "arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Aapplication-inference-profile%2Fabc123def456")]
    [InlineData("a-b.c_d~e", "a-b.c_d~e")]
    public void EncodeSegment_ModelId_EncodesColonAndSlash(string id, string expected) =>
        Assert.Equal(expected, AwsPathEncoding.EncodeSegment(id));

    [Fact]
    public void Sign_ManyThreadsManyKeysAndSeconds_EachMatchesTheSdk()
    {
        // The signer keeps per-thread buffers and HMAC contexts and a per-second date stamp: interleaving threads, keys
        // and times must never leak one request's state into another's signature.
        var signer = new SigV4Signer();
        Parallel.For(0, 2000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var secret = Secret + (i % 3);
            var region = (i % 2) == 0 ? "us-east-1" : "eu-west-3";
            var at = BedrockTime.AddSeconds(i % 5).AddDays(i % 2);
            var body = System.Text.Encoding.UTF8.GetBytes("{\"n\":" + i + "}");
            var mine = signer.ComputeSignature("POST", "/model/a.b%3A0/converse", null, "h", "application/json", body,
                new ImmutableCredentials(AccessKey, secret, null), region, "bedrock", at);
            var sdk = AWS4Signer.ComputeSignature(AccessKey, secret, region, at.UtcDateTime, "bedrock", mine.SignedHeaders, mine.CanonicalRequest!);
            Assert.Equal(sdk.Signature, mine.Signature);
            Assert.EndsWith(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(body)), mine.CanonicalRequest, StringComparison.Ordinal);
        });
    }
}
