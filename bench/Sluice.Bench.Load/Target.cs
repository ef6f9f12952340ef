using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Sluice.Bench.Load;

/// <summary>One system under test: the mock's own OpenAI endpoint (direct) or a gateway in front of the mock.</summary>
public sealed class Target : IDisposable
{
    private readonly byte[] _chatBody;
    private readonly byte[] _streamBody;

    /// <summary>Creates a target and its connection pool.</summary>
    public Target(string name, Uri url, string model, IReadOnlyList<KeyValuePair<string, string>> headers, int pid)
    {
        Name = name;
        Url = url;
        Model = model;
        Headers = headers;
        Pid = pid;
        _chatBody = Body(model, stream: false);
        _streamBody = Body(model, stream: true);
        Client = new HttpClient(new SocketsHttpHandler
        {
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            MaxConnectionsPerServer = int.MaxValue,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(5),
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    /// <summary>Short name used in the results (direct, sluice, portkey).</summary>
    public string Name { get; }

    /// <summary>The chat completions URL.</summary>
    public Uri Url { get; }

    /// <summary>The model name sent in the body.</summary>
    public string Model { get; }

    /// <summary>Extra request headers (auth, provider selection).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; }

    /// <summary>The gateway's process id, or 0 for the direct baseline.</summary>
    public int Pid { get; }

    /// <summary>True when this target only takes part in the wrk phases (today's build, Sluice over a TLS upstream).</summary>
    public bool WrkOnly { get; init; }

    /// <summary>True when the gateway reaches the mock over HTTPS (its upstream handshakes are counted).</summary>
    public bool UpstreamTls { get; init; }

    /// <summary>The non-streaming request body, for wrk's script.</summary>
    public string ChatBodyText => Encoding.UTF8.GetString(_chatBody);

    /// <summary>True for the baseline that calls the mock without a gateway.</summary>
    public bool IsDirect => Pid <= 0;

    /// <summary>The pooled client used for every request to this target.</summary>
    public HttpClient Client { get; }

    /// <summary>Builds a chat completions request (the body bytes are shared, never copied).</summary>
    public HttpRequestMessage NewRequest(bool stream)
    {
        var content = new ByteArrayContent(stream ? _streamBody : _chatBody);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, Url) { Content = content, Version = HttpVersion.Version11 };
        foreach (var header in Headers)
        {
            request.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        return request;
    }

    /// <inheritdoc />
    public void Dispose() => Client.Dispose();

    private static byte[] Body(string model, bool stream) => Encoding.UTF8.GetBytes(
        "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"system\",\"content\":\"You are a terse assistant.\"}," +
        "{\"role\":\"user\",\"content\":\"Write one short sentence about rivers.\"}],\"max_tokens\":256,\"temperature\":0.2" +
        (stream ? ",\"stream\":true}" : "}"));
}
