using System.Net.Http.Headers;
using System.Text;
using Anthropic;
using Anthropic.Core;

namespace Sluice.Gateway.Tests.AnthropicApi.TestHost;

/// <summary>The official Anthropic SDK and raw requests pointed at a gateway, as a user configures them.</summary>
internal static class AnthropicTestClients
{
    /// <summary>The SDK with the key in <c>x-api-key</c> (its default), or as a bearer token (<c>AuthToken</c>, as Claude Code's ANTHROPIC_AUTH_TOKEN).</summary>
    public static AnthropicClient Sdk(string baseUrl, string key, bool bearer = false) => new(new ClientOptions
    {
        BaseUrl = baseUrl,
        ApiKey = bearer ? null : key,
        AuthToken = bearer ? key : null,
        MaxRetries = 0, // errors are asserted as they come, not retried away
        Timeout = TimeSpan.FromSeconds(30),
    });

    /// <summary>A raw POST with Anthropic's headers and the key in <c>x-api-key</c> (null: none).</summary>
    public static Task<HttpResponseMessage> PostAsync(HttpClient http, string path, string json, string? key,
        string? beta = null, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add("anthropic-version", "2023-06-01");
        if (key is not null) request.Headers.Add("x-api-key", key);
        if (beta is not null) request.Headers.Add("anthropic-beta", beta);
        return http.SendAsync(request, completion);
    }

    public static HttpRequestMessage Get(string path, string key, bool anthropicVersion)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        if (anthropicVersion) request.Headers.Add("anthropic-version", "2023-06-01");
        return request;
    }
}
