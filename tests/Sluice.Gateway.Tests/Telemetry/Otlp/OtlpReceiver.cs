using System.Buffers.Binary;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace Sluice.Gateway.Tests.Telemetry.Otlp;

/// <summary>
/// An in-process OTLP trace receiver on loopback, as an OpenTelemetry Collector would answer: OTLP/HTTP
/// (<c>POST /v1/traces</c>, binary protobuf) on <see cref="HttpPort"/> and OTLP/gRPC (<c>TraceService/Export</c>
/// over cleartext HTTP/2) on <see cref="GrpcPort"/>. Received spans can be awaited by trace id.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private const string GrpcExportPath = "/opentelemetry.proto.collector.trace.v1.TraceService/Export";

    private readonly WebApplication _app;
    private readonly List<OtlpSpan> _spans = [];
    private readonly List<string> _requests = [];
    private readonly object _gate = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private OtlpReceiver(WebApplication app, int httpPort, int grpcPort)
    {
        _app = app;
        HttpPort = httpPort;
        GrpcPort = grpcPort;
    }

    public int HttpPort { get; }

    public int GrpcPort { get; }

    /// <summary>Requests received per path and protocol, e.g. <c>HTTP/1.1 /v1/traces</c>.</summary>
    public IReadOnlyList<string> Requests
    {
        get
        {
            lock (_gate) return [.. _requests];
        }
    }

    public static async Task<OtlpReceiver> StartAsync()
    {
        var httpPort = Scaling.ServerCommand.FreePort();
        var grpcPort = Scaling.ServerCommand.FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, httpPort, o => o.Protocols = HttpProtocols.Http1);
            k.Listen(IPAddress.Loopback, grpcPort, o => o.Protocols = HttpProtocols.Http2);
        });
        var app = builder.Build();
        var receiver = new OtlpReceiver(app, httpPort, grpcPort);
        app.MapPost("/v1/traces", receiver.ReceiveHttpAsync);
        app.MapPost(GrpcExportPath, receiver.ReceiveGrpcAsync);
        await app.StartAsync();
        return receiver;
    }

    /// <summary>The spans of one trace once <paramref name="done"/> holds for them; fails after 20 seconds.</summary>
    public async Task<List<OtlpSpan>> WaitForTraceAsync(string traceId, Func<List<OtlpSpan>, bool> done)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (true)
        {
            Task changed;
            List<OtlpSpan> spans;
            lock (_gate)
            {
                spans = _spans.Where(s => s.TraceId == traceId).ToList();
                changed = _changed.Task;
            }

            if (done(spans)) return spans;
            try
            {
                await changed.WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new Xunit.Sdk.XunitException($"Trace {traceId} did not complete; received {string.Join(", ", Requests)}; it has: " +
                    string.Join(", ", spans.Select(s => s.Kind + " " + s.Name)));
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task ReceiveHttpAsync(HttpContext context)
    {
        var body = await ReadAllAsync(context.Request);
        if (!string.Equals(context.Request.ContentType, "application/x-protobuf", StringComparison.OrdinalIgnoreCase))
        {
            context.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            return;
        }

        Add(context.Request.Protocol + " /v1/traces", OtlpTraceDecoder.Decode(body));
        // An empty ExportTraceServiceResponse: everything accepted.
        context.Response.ContentType = "application/x-protobuf";
    }

    private async Task ReceiveGrpcAsync(HttpContext context)
    {
        var body = await ReadAllAsync(context.Request);
        // gRPC length-prefixed messages: a compressed flag (the exporter does not compress), a 4-byte big-endian length.
        var spans = new List<OtlpSpan>();
        for (var offset = 0; offset + 5 <= body.Length;)
        {
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(offset + 1));
            spans.AddRange(OtlpTraceDecoder.Decode(body.AsSpan(offset + 5, length)));
            offset += 5 + length;
        }

        Add(context.Request.Protocol + " TraceService/Export", spans);
        context.Response.ContentType = "application/grpc";
        await context.Response.Body.WriteAsync(new byte[5]); // one empty ExportTraceServiceResponse
        context.Response.AppendTrailer("grpc-status", "0");
    }

    private void Add(string request, List<OtlpSpan> spans)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            _requests.Add(request);
            _spans.AddRange(spans);
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }

    private static async Task<byte[]> ReadAllAsync(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer);
        return buffer.ToArray();
    }
}
