using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Sluice.Gateway.Tests.Functional;

namespace Sluice.Gateway.Tests.Hostile;

/// <summary>
/// Every request of <see cref="HostileCorpus"/> against the real gateway in front of the emulator: a 4xx with an
/// OpenAI-shaped error (never a 5xx, never an empty or HTML body), and the gateway still healthy afterwards.
/// </summary>
[Collection(FunctionalCollection.Name)]
public sealed class HostileRequestTests(FunctionalFixture fixture)
{
    public static TheoryData<string> Names()
    {
        var names = new TheoryData<string>();
        foreach (var c in HostileCorpus.All) names.Add(c.Name);
        return names;
    }

    [Fact]
    public void Corpus_HasAtLeast150DistinctCases() => Assert.True(HostileCorpus.All.Count >= 150, $"{HostileCorpus.All.Count} cases");

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Send_HostileRequest_Answers4xxWithAnError(string name)
    {
        var c = HostileCorpus.ByName[name];
        var (status, body, contentType) = await SendAsync(c);

        Assert.True(status is >= 400 and < 500, $"{name}: {status} {Shorten(body)}");
        if (c.Status != 0) Assert.True(c.Status == status, $"{name}: expected {c.Status}, got {status} {Shorten(body)}");
        if (c.Protocol) return;
        Assert.True(contentType == "application/json", $"{name}: content type '{contentType}', body {Shorten(body)}");
        var error = JsonDocument.Parse(body).RootElement.GetProperty("error");
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()), name);
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("type").GetString()), name);
        Assert.True(body.Length < 8000, $"{name}: an error of {body.Length} characters");
    }

    [Fact]
    public async Task SendAll_EightAtATime_GatewayStaysHealthyAndServes()
    {
        var failures = new List<string>();
        await Parallel.ForEachAsync(HostileCorpus.All, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (c, _) =>
        {
            var (status, body, _) = await SendAsync(c);
            if (status is < 400 or >= 500)
            {
                lock (failures) failures.Add($"{c.Name}: {status} {Shorten(body)}");
            }
        });
        Assert.Empty(failures);

        using var health = await fixture.Http.GetAsync(fixture.BaseUrl + "/healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        var (okStatus, _, text, _) = await fixture.SendAsync(HttpMethod.Post, "/v1/chat/completions",
            """{"model":"keys/nova-lite","messages":[{"role":"user","content":"still there?"}]}""");
        Assert.True(okStatus == 200, text);
    }

    private async Task<(int Status, string Body, string? ContentType)> SendAsync(HostileCase c)
    {
        using var request = new HttpRequestMessage(new HttpMethod(c.Method), fixture.BaseUrl + c.Path);
        if (c.Body is not null)
        {
            request.Content = new ByteArrayContent(c.Body);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(c.ContentType);

            // Lets the gateway refuse an oversized body from its Content-Length before the client sends it all.
            request.Headers.ExpectContinue = c.Body.Length > 1024 * 1024;
        }

        var token = c.Caller switch
        {
            Caller.User => fixture.UserToken,
            Caller.Admin => fixture.AdminToken,
            _ => null,
        };
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        else if (c.Authorization is not null) request.Headers.TryAddWithoutValidation("Authorization", c.Authorization);

        using var response = await fixture.Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, body, response.Content.Headers.ContentType?.MediaType);
    }

    private static string Shorten(string body) => body.Length > 300 ? body[..300] + "…" : body;
}
