using System.Net;
using System.Net.Http.Headers;

namespace Sluice.Bedrock.Tests.Provider;

/// <summary>Answers Bedrock calls from a function, recording each request's path and body; no network.</summary>
internal sealed class FakeBedrockHandler(Func<HttpRequestMessage, string, HttpResponseMessage> respond) : HttpMessageHandler
{
    public List<(string Method, string Path, string Body)> Calls { get; } = [];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        var path = request.RequestUri!.AbsolutePath;
        lock (Calls)
        {
            Calls.Add((request.Method.Method, path, body));
        }

        return respond(request, body);
    }

    public static HttpResponseMessage Json(string json, HttpStatusCode status = HttpStatusCode.OK, string? errorType = null, params (string Name, string Value)[] headers)
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(json) };
        response.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        response.Headers.Add("x-amzn-RequestId", "req-123");
        if (errorType is not null)
        {
            response.Headers.Add("x-amzn-ErrorType", errorType + ":http://internal.amazon.com/coral/com.amazon.bedrock/");
        }

        foreach (var (name, value) in headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return response;
    }

    public static HttpResponseMessage EventStream(params byte[][] frames)
    {
        var bytes = frames.SelectMany(f => f).ToArray();
        var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(bytes) };
        response.Content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.amazon.eventstream");
        return response;
    }
}
