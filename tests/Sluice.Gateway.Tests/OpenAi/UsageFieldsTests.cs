using System.Net;
using System.Text.Json;
using Sluice.Core.Access;
using Sluice.Core.Chat;
using Sluice.Core.Providers;
using Sluice.Gateway.Tests.OpenAi.TestHost;
using CoreFinish = Sluice.Core.Chat.FinishReason;

namespace Sluice.Gateway.Tests.OpenAi;

/// <summary>What a usage record says about the caller and the call: teams, key, user field, metadata, time to first token.</summary>
public sealed class UsageFieldsTests : IAsyncLifetime
{
    private const string Chat = """{"model":"acme/chat","user":"end-user-42","messages":[{"role":"user","content":"hi"}]}""";
    private TestGateway _gateway = null!;

    public async Task InitializeAsync() => _gateway = await TestGateway.StartAsync();

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task CompleteChat_MetadataHeaderAndUserField_RecordCarriesThemWithCallerTeamsAndKey()
    {
        using var response = await SendAsync(Chat, ("X-Sluice-Metadata", """{ "project": "search", "env": "prod" }"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var record = await _gateway.Usage.SingleForAsync(RequestId(response));
        Assert.Equal("""{"env":"prod","project":"search"}""", record.Metadata);
        Assert.Equal(("end-user-42", "everyone,ml", "acme"), (record.EndUser, record.Teams, record.Account));
        Assert.Equal(ApiKeyFormat.Split(_gateway.Alice).Id, record.ApiKeyId);
        Assert.Null(record.VirtualAccount);
        Assert.Null(record.TimeToFirstTokenMs);
    }

    [Fact]
    public async Task CompleteChat_TrueFoundryMetadataHeader_IsAccepted()
    {
        using var response = await SendAsync(Chat, ("X-TFY-METADATA", """{"tfy_log_request":"true"}"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var record = await _gateway.Usage.SingleForAsync(RequestId(response));
        Assert.Equal("""{"tfy_log_request":"true"}""", record.Metadata);
    }

    [Fact]
    public async Task Embeddings_UserFieldAndMetadata_Recorded()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/embeddings")
        {
            Content = new StringContent("""{"model":"acme/embed","input":"hello","user":"batch-job"}""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new("Bearer", _gateway.Alice);
        request.Headers.Add("X-Sluice-Metadata", """{"job":"nightly"}""");
        using var response = await _gateway.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var record = await _gateway.Usage.SingleForAsync(RequestId(response));
        Assert.Equal(("batch-job", """{"job":"nightly"}"""), (record.EndUser, record.Metadata));
    }

    [Fact]
    public async Task CompleteChat_NoMetadataHeader_RecordHasNoMetadata()
    {
        using var response = await SendAsync(Chat);

        var record = await _gateway.Usage.SingleForAsync(RequestId(response));
        Assert.Null(record.Metadata);
    }

    [Theory]
    [InlineData("{not json", "not valid JSON")]
    [InlineData("""{"cost_center":42}""", "\"cost_center\" must be a string")]
    [InlineData("""["a","b"]""", "must be a JSON object")]
    [InlineData("""{"a":"1","a":"2"}""", "appears twice")]
    [InlineData("""{"a":{"b":"c"}}""", "\"a\" must be a string")]
    public async Task CompleteChat_BadMetadataHeader_400NamesHeaderAndModelIsNotCalled(string header, string expected)
    {
        using var response = await SendAsync(Chat, ("X-Sluice-Metadata", header));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
        Assert.Contains(expected, error.GetProperty("message").GetString());
        Assert.Equal("X-Sluice-Metadata", error.GetProperty("param").GetString());
        Assert.Equal("invalid_metadata", error.GetProperty("code").GetString());
        Assert.Equal(0, _gateway.Provider.Calls);
    }

    [Fact]
    public async Task CompleteChat_MetadataHeaderTooLarge_400()
    {
        var big = "{\"k\":\"" + new string('x', 5000) + "\"}";
        using var response = await SendAsync(Chat, ("X-Sluice-Metadata", big));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("longer than 4096 bytes", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task StreamChat_FirstChunkBeforeLast_RecordsTimeToFirstTokenBelowLatency()
    {
        var upstream = new ScriptedChatStream();
        _gateway.Provider.OnStream = (_, _) => Task.FromResult<ChatStream>(upstream);
        upstream.Push(ChatStreamUpdate.TextDelta("First"));

        using var response = await SendAsync("""{"model":"acme/chat","stream":true,"messages":[{"role":"user","content":"hi"}]}""", completion: HttpCompletionOption.ResponseHeadersRead);
        await using (var body = await response.Content.ReadAsStreamAsync())
        {
            var buffer = new byte[4096];
            Assert.True(await body.ReadAsync(buffer) > 0);

            // The rest arrives only after the client saw the first chunk, so the call lasts longer than its first token.
            upstream.Push(ChatStreamUpdate.Finish(CoreFinish.Stop));
            upstream.Complete();
            while (await body.ReadAsync(buffer) > 0)
            {
            }
        }

        var record = await _gateway.Usage.SingleForAsync(RequestId(response));
        Assert.NotNull(record.TimeToFirstTokenMs);
        Assert.InRange(record.TimeToFirstTokenMs!.Value, 0, record.LatencyMs);
        Assert.True(record.TimeToFirstTokenMs < record.LatencyMs);
    }

    private async Task<HttpResponseMessage> SendAsync(string json, (string Name, string Value)? header = null,
        HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new("Bearer", _gateway.Alice);
        if (header is { } h) request.Headers.TryAddWithoutValidation(h.Name, h.Value);
        return await _gateway.Http.SendAsync(request, completion);
    }

    private static string RequestId(HttpResponseMessage response) => response.Headers.GetValues("x-request-id").Single();
}
