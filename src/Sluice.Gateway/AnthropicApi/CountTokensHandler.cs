using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Sluice.Gateway.Json;
using Sluice.Gateway.OpenAi;
using Sluice.Gateway.Pipeline;

namespace Sluice.Gateway.AnthropicApi;

/// <summary>
/// <c>POST /v1/messages/count_tokens</c>: <c>{"input_tokens":N}</c> from the provider's own count (Bedrock's
/// CountTokens). Counting costs nothing upstream, so it writes no usage record.
/// </summary>
internal sealed class CountTokensHandler(RequestGate gate, UsageReporter usage, MessagesCalls calls, IOptions<OpenAiApiOptions> options,
    ILogger<CountTokensHandler> logger)
    : AnthropicHandler(gate, logger)
{
    private readonly long _maxBody = options.Value.MaxRequestBodyBytes;

    protected override async Task HandleAsync(HttpContext context, ApiCall call)
    {
        Core.Messages.MessagesRequest request;
        using (var body = await RequestBody.ReadAsync(context, _maxBody))
        {
            request = MessagesRequestReader.Read(body.Span, context.Request.Headers, countTokens: true);
        }

        var model = MessagesRequestReader.Model(request);
        var route = MessagesModels.Resolve(context, call, model);
        var http = context.Response;
        // A virtual model counts on one of its targets, retried and fallen back like any call; attempts that failed on
        // the way are recorded as for chat, the count itself is not (it costs nothing).
        var routing = HttpRouteCall.For(context, call, route, usage, UsageReporter.CountTokens);
        var tokens = await calls.CountTokensAsync(route, request, routing, model, context.RequestAborted);
        SluiceHeaders.SetRouting(http, routing);
        http.ContentType = "application/json";
        using (var writer = new Utf8JsonWriter(http.BodyWriter, GatewayJson.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteNumber("input_tokens"u8, tokens);
            writer.WriteEndObject();
        }

        await http.BodyWriter.FlushAsync(context.RequestAborted);
    }
}
