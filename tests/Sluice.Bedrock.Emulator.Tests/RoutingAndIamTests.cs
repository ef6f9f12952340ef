using System.Net;
using System.Text.Json;

namespace Sluice.Bedrock.Emulator.Tests;

public sealed class RoutingAndIamTests(EmulatorHarness h) : IClassFixture<EmulatorHarness>
{
    private const string Sonnet35 = "anthropic.claude-3-5-sonnet-20240620-v1:0";
    private const string Sonnet37 = "anthropic.claude-3-7-sonnet-20250219-v1:0";

    [Fact]
    public async Task Converse_User2InUsWest2_AccessDeniedNamesFoundationModel()
    {
        var response = await h.SendSigned($"/model/{EmulatorHarness.Encode(Sonnet35)}/converse", EmulatorHarness.UserText("hi"), region: "us-west-2",
            accessKey: EmulatorHarness.User2Key, secret: EmulatorHarness.User2Secret);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var (type, message) = await EmulatorHarness.ReadError(response);
        Assert.Equal("AccessDeniedException", type);
        Assert.Equal("User: arn:aws:iam::111122223333:user/gateway-user-2 is not authorized to perform: bedrock:InvokeModel on resource: arn:aws:bedrock:us-west-2::foundation-model/anthropic.claude-3-5-sonnet-20240620-v1:0 because no identity-based policy allows the bedrock:InvokeModel action", message);
    }

    [Fact]
    public async Task ConverseStream_ProfileWithUsEast2Destination_User1DeniedNamingUsEast2()
    {
        var response = await h.SendSigned($"/model/{EmulatorHarness.Encode("us." + Sonnet35)}/converse-stream", EmulatorHarness.UserText("hi"));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var (_, message) = await EmulatorHarness.ReadError(response);
        Assert.Equal("User: arn:aws:iam::111122223333:user/gateway-user-1 is not authorized to perform: bedrock:InvokeModelWithResponseStream on resource: arn:aws:bedrock:us-east-2::foundation-model/anthropic.claude-3-5-sonnet-20240620-v1:0 because no identity-based policy allows the bedrock:InvokeModelWithResponseStream action", message);
    }

    [Fact]
    public async Task Converse_ProfileViaRoleSession_ServedInSourceRegion()
    {
        var (key, secret, token, _) = await h.AssumeRole();
        var response = await h.SendSigned($"/model/{EmulatorHarness.Encode("us." + Sonnet35)}/converse", EmulatorHarness.UserText("hi"), region: "us-east-2",
            accessKey: key, secret: secret, token: token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("us-east-2", h.Emulator.Stats.LastRequest!.ServedRegion);
        Assert.Equal(Sonnet35, h.Emulator.Stats.LastRequest.ResolvedModelId);
        Assert.False(response.Headers.Contains("x-amzn-bedrock-served-region"));
    }

    [Fact]
    public async Task Converse_ProfileOnlyModelByPlainId_ValidationTextExact()
    {
        var response = await h.Converse(Sonnet37, EmulatorHarness.UserText("hi"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(("ValidationException", "Invocation of model ID anthropic.claude-3-7-sonnet-20250219-v1:0 with on-demand throughput isn\u2019t supported. Retry your request with the ID or ARN of an inference profile that contains this model."),
            await EmulatorHarness.ReadError(response));
    }

    [Theory]
    [InlineData("/model/anthropic.claude-3-5-sonnet-20240620-v1%3A0/converse")]
    [InlineData("/model/anthropic.claude-3-5-sonnet-20240620-v1:0/converse")]
    [InlineData("/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A111122223333%3Ainference-profile%2Fus.anthropic.claude-3-7-sonnet-20250219-v1%3A0/converse")]
    [InlineData("/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A111122223333%3Aapplication-inference-profile%2Fa1b2c3d4e5f6/converse")]
    [InlineData("/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A%3Afoundation-model%2Famazon.nova-lite-v1%3A0/converse")]
    public async Task Converse_EncodedOrRawColonAndEncodedArns_Accepted(string path)
    {
        var response = await h.SendSigned(path, EmulatorHarness.UserText("hello"), accessKey: EmulatorHarness.User1Key);
        if (path.Contains("inference-profile%2Fus.", StringComparison.Ordinal))
        {
            // user-1 lacks us-east-2, which the profile may route to; the bearer key has it.
            response = await h.SendBearer(path, EmulatorHarness.UserText("hello"));
        }

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Converse_UnencodedSlashInArn_NotAModel()
    {
        var response = await h.SendBearer("/model/arn:aws:bedrock:us-east-1:111122223333:inference-profile/us.anthropic.claude-3-7-sonnet-20250219-v1:0/converse", EmulatorHarness.UserText("hi"));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("UnknownOperationException", response.Headers.GetValues("x-amzn-ErrorType").First().Split(':')[0]);
    }

    [Theory]
    [InlineData("anthropic.claude-unknown-v9:0", "us-east-1")]
    [InlineData("meta.llama3-1-8b-instruct-v1:0", "us-east-1")]
    [InlineData("eu.anthropic.claude-3-5-sonnet-20240620-v1:0", "us-east-1")]
    [InlineData("arn:aws:bedrock:us-west-2:111122223333:application-inference-profile/a1b2c3d4e5f6", "us-east-1")]
    public async Task Converse_UnknownOrNotOfferedInRegion_InvalidIdentifier(string modelId, string region)
    {
        var response = await h.SendBearer($"/model/{EmulatorHarness.Encode(modelId)}/converse", EmulatorHarness.UserText("hi"), region);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(("ValidationException", "The provided model identifier is invalid."), await EmulatorHarness.ReadError(response));
    }

    [Fact]
    public async Task GetInferenceProfile_SystemAndApplication_AwsShape()
    {
        var request = h.Request(HttpMethod.Get, "/inference-profiles/" + EmulatorHarness.Encode("arn:aws:bedrock:us-east-1:111122223333:application-inference-profile/a1b2c3d4e5f6"), null);
        TestSigner.Sign(request, [], $"bedrock.us-east-1.localhost:{h.Emulator.Port}", EmulatorHarness.User1Key, EmulatorHarness.User1Secret, "us-east-1", "bedrock");
        var response = await h.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using (var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync()))
        {
            var root = doc.RootElement;
            Assert.Equal("APPLICATION", root.GetProperty("type").GetString());
            Assert.Equal("a1b2c3d4e5f6", root.GetProperty("inferenceProfileId").GetString());
            Assert.Equal("ACTIVE", root.GetProperty("status").GetString());
            Assert.Equal("arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-5-sonnet-20240620-v1:0", root.GetProperty("models")[0].GetProperty("modelArn").GetString());
        }

        var sys = h.Request(HttpMethod.Get, "/inference-profiles/" + EmulatorHarness.Encode("us." + Sonnet37), null);
        sys.Headers.Host = $"bedrock.us-west-2.localhost:{h.Emulator.Port}";
        sys.Headers.TryAddWithoutValidation("Authorization", "Bearer " + h.Emulator.DemoApiKey);
        var sysResponse = await h.Http.SendAsync(sys);
        using var sysDoc = JsonDocument.Parse(await sysResponse.Content.ReadAsStringAsync());
        Assert.Equal("SYSTEM_DEFINED", sysDoc.RootElement.GetProperty("type").GetString());
        Assert.Equal("arn:aws:bedrock:us-west-2:111122223333:inference-profile/us.anthropic.claude-3-7-sonnet-20250219-v1:0", sysDoc.RootElement.GetProperty("inferenceProfileArn").GetString());
        Assert.Equal(3, sysDoc.RootElement.GetProperty("models").GetArrayLength());
    }

    [Fact]
    public async Task GetInferenceProfile_Unknown_ResourceNotFound()
    {
        var request = h.Request(HttpMethod.Get, "/inference-profiles/zzzzzzzzzzzz", null);
        request.Headers.Host = $"bedrock.us-east-1.localhost:{h.Emulator.Port}";
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + h.Emulator.DemoApiKey);
        var response = await h.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("ResourceNotFoundException", (await EmulatorHarness.ReadError(response)).Type);
    }
}
