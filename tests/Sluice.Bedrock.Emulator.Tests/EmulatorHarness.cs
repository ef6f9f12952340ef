using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Sluice.Bedrock.Emulator.Tests;

/// <summary>One emulator per test class plus helpers to call it the way SDKs do.</summary>
public sealed class EmulatorHarness : IAsyncLifetime, IAsyncDisposable
{
    public const string User1Key = "AKIDEXAMPLEUSER1";
    public const string User1Secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY1";
    public const string User2Key = "AKIDEXAMPLEUSER2";
    public const string User2Secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY2";
    public const string RoleArn = "arn:aws:iam::111122223333:role/gateway-bedrock";

    public BedrockEmulator Emulator { get; private set; } = null!;

    public HttpClient Http { get; } = new(new SocketsHttpHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(20) };

    public async Task InitializeAsync() => Emulator = await BedrockEmulator.StartAsync(new EmulatorOptions());

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await Emulator.DisposeAsync();
    }

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();

    public static string Encode(string modelId) => Uri.EscapeDataString(modelId);

    /// <summary>Builds a request to 127.0.0.1 carrying the given virtual Host header.</summary>
    public HttpRequestMessage Request(HttpMethod method, string rawPath, byte[]? body, string contentType = "application/json")
    {
        var request = new HttpRequestMessage(method, new Uri(Emulator.BaseUrl, rawPath));
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        return request;
    }

    public string RuntimeHost(string region) => $"bedrock-runtime.{region}.localhost:{Emulator.Port}";

    public Task<HttpResponseMessage> SendSigned(string rawPath, object body, string region = "us-east-1", string accessKey = User1Key, string secret = User1Secret,
        string service = "bedrock", string? host = null, string? token = null, DateTime? at = null, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        var bytes = body as byte[] ?? JsonSerializer.SerializeToUtf8Bytes(body);
        var request = Request(HttpMethod.Post, rawPath, bytes);
        TestSigner.Sign(request, bytes, host ?? RuntimeHost(region), accessKey, secret, region, service, token, at);
        return Http.SendAsync(request, completion);
    }

    public Task<HttpResponseMessage> SendBearer(string rawPath, object body, string region = "us-east-1", string? key = null, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        var bytes = body as byte[] ?? JsonSerializer.SerializeToUtf8Bytes(body);
        var request = Request(HttpMethod.Post, rawPath, bytes);
        request.Headers.Host = RuntimeHost(region);
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + (key ?? Emulator.DemoApiKey));
        return Http.SendAsync(request, completion);
    }

    public Task<HttpResponseMessage> Converse(string modelId, object body, string region = "us-east-1") =>
        SendBearer($"/model/{Encode(modelId)}/converse", body, region);

    public static object UserText(string text, object? extra = null) => new Dictionary<string, object?>
    {
        ["messages"] = new[] { new { role = "user", content = new object[] { new { text } } } },
    };

    public async Task<(string AccessKey, string Secret, string Token, string Xml)> AssumeRole(string externalId = "ext-123", string accessKey = User1Key, string secret = User1Secret)
    {
        var form = $"Action=AssumeRole&Version=2011-06-15&RoleArn={Uri.EscapeDataString(RoleArn)}&RoleSessionName=test-session&ExternalId={externalId}&DurationSeconds=900";
        var response = await SendSts(form, accessKey, secret);
        var xml = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, xml);
        return (Between(xml, "AccessKeyId"), Between(xml, "SecretAccessKey"), Between(xml, "SessionToken"), xml);
    }

    public Task<HttpResponseMessage> SendSts(string form, string accessKey = User1Key, string secret = User1Secret, string region = "us-east-1", string? token = null)
    {
        var bytes = Encoding.UTF8.GetBytes(form);
        var request = Request(HttpMethod.Post, "/", bytes, "application/x-www-form-urlencoded; charset=utf-8");
        TestSigner.Sign(request, bytes, $"sts.{region}.localhost:{Emulator.Port}", accessKey, secret, region, "sts", token);
        return Http.SendAsync(request);
    }

    public static string Between(string xml, string tag)
    {
        var start = xml.IndexOf($"<{tag}>", StringComparison.Ordinal) + tag.Length + 2;
        var end = xml.IndexOf($"</{tag}>", start, StringComparison.Ordinal);
        return xml[start..end];
    }

    public static async Task<(string Type, string Message)> ReadError(HttpResponseMessage response)
    {
        var type = response.Headers.TryGetValues("x-amzn-ErrorType", out var v) ? v.First() : "";
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var message = doc.RootElement.TryGetProperty("message", out var m) ? m.GetString() : doc.RootElement.GetProperty("Message").GetString();
        return (type.Split(':')[0], message ?? "");
    }
}
