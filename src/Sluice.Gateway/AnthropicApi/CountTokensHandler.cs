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
internal sealed class CountTokensHandler(RequestGate gate, IOptions<OpenAiApiOptions> options, ILogger<CountTokensHandler> logger)
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
        var tokens = await MessagesModels.Provider(route, model).CountTokensAsync(request, context.RequestAborted);
        var http = context.Response;
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
