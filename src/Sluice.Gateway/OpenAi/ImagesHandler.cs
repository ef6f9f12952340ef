using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sluice.Core.Images;
using Sluice.Core.Providers;
using Sluice.Gateway.Errors;
using Sluice.Gateway.Pipeline;
using Sluice.Gateway.Json;

namespace Sluice.Gateway.OpenAi;

/// <summary><c>POST /v1/images/generations</c>.</summary>
internal sealed class ImagesHandler(
    RequestGate gate,
    UsageReporter usage,
    LimitGate limits,
    IOptions<OpenAiApiOptions> options,
    TimeProvider time,
    ILogger<ImagesHandler> logger) : OpenAiHandler(gate, logger)
{
    private readonly long _maxBody = options.Value.MaxRequestBodyBytes;

    protected override string Operation => UsageReporter.Images;

    protected override async Task HandleAsync(HttpContext context, ApiCall call)
    {
        ImageRequest request;
        using (var body = await RequestBody.ReadAsync(context, _maxBody))
        {
            request = ImageRequestParser.Parse(body.Span);
        }

        call.EndUser = request.User;

        if (!ModelResolver.TryResolve(call.Snapshot, call.Principal, request.Model, ModelType.Image, out var route, out var error, context.Request.Headers))
        {
            await RefuseAsync(context, call, error!);
            return;
        }

        call.Route = route;
        SluiceHeaders.SetModel(context.Response, route!);
        if (!await AcquireLimitsAsync(limits, context, call, route!, 0))
        {
            return;
        }

        ImageResponse response;
        var routing = HttpRouteCall.For(context, call, route!, usage, UsageReporter.Images);
        try
        {
            response = routing is null
                ? await route!.Provider.GenerateImagesAsync(request, context.RequestAborted)
                : await routing.Router.GenerateImagesAsync(request, routing, context.RequestAborted);
        }
        catch (Exception e)
        {
            var (status, code) = UsageStatus.Of(e, context.RequestAborted);
            SluiceHeaders.SetRouting(context.Response, routing, failed: true);
            usage.Report(call, route!, null, UsageReporter.Images, status, null, 0, code, routing: routing);
            throw;
        }

        usage.Report(call, route!, response.Upstream, UsageReporter.Images, 200, null, response.ImagesBase64.Count, null,
            $"{request.Width}x{request.Height}", request.Quality, routing);
        var http = context.Response;
        SluiceHeaders.SetUpstream(http, response.Upstream);
        SluiceHeaders.SetRouting(http, routing);
        http.StatusCode = 200;
        http.ContentType = "application/json";
        using (var writer = new Utf8JsonWriter(http.BodyWriter, GatewayJson.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteNumber("created"u8, time.GetUtcNow().ToUnixTimeSeconds());
            writer.WriteStartArray("data"u8);
            foreach (var image in response.ImagesBase64)
            {
                writer.WriteStartObject();
                writer.WriteString("b64_json"u8, image);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        await http.BodyWriter.FlushAsync(context.RequestAborted);
    }
}
