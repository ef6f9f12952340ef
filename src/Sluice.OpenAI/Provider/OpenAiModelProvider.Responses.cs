using Sluice.Core.Chat;
using Sluice.Core.Responses;
using Sluice.OpenAI.Chat;
using Sluice.OpenAI.Client;
using Sluice.OpenAI.Responses;
using Sluice.Core.Buffers;

namespace Sluice.OpenAI.Provider;

/// <summary>The Responses API (<c>/v1/responses</c>), passed through with the model replaced.</summary>
public sealed partial class OpenAiModelProvider : IResponsesProvider
{
    public async Task<ResponsesResult> CreateResponseAsync(ResponsesRequest request, CancellationToken cancellationToken)
    {
        using var body = new PooledBufferWriter();
        ResponsesBodyWriter.ToOpenAiResponsesRequest(request.Body.Span, endpoint.ModelInBody ? model.ModelId : null, body);
        using var response = await PostAsync(OpenAiOperation.Responses, body, stream: false, cancellationToken).ConfigureAwait(false);
        var json = await ReadBodyAsync(response, cancellationToken).ConfigureAwait(false);
        using var doc = ChatResponseReader.Parse(json, endpoint.UpstreamName);
        var usage = doc.RootElement.TryGetProperty("usage", out var u) ? OpenAiUsageReader.Read(u) : null;
        return new ResponsesResult(ModelRewriter.Rewrite(json, request.Model), usage, _upstream);
    }

    public async Task<ResponsesStream> StartResponseStreamAsync(ResponsesRequest request, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        using (var body = new PooledBufferWriter())
        {
            ResponsesBodyWriter.ToOpenAiResponsesRequest(request.Body.Span, endpoint.ModelInBody ? model.ModelId : null, body);
            response = await PostAsync(OpenAiOperation.Responses, body, stream: true, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            return new OpenAiResponsesStream(response, stream, _upstream, request.Model, endpoint);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }
}
