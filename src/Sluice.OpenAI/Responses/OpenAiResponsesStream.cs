using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Sluice.Core.Chat;
using Sluice.Core.Errors;
using Sluice.Core.Responses;
using Sluice.OpenAI.Chat;
using Sluice.OpenAI.Client;
using Sluice.OpenAI.Sse;

namespace Sluice.OpenAI.Responses;

/// <summary>A streamed Responses API answer: each event passed on (model rewritten), usage read from the final one.</summary>
internal sealed class OpenAiResponsesStream(HttpResponseMessage response, Stream body, UpstreamInfo upstream, string callerModel, IOpenAiEndpoint endpoint)
    : ResponsesStream
{
    private readonly SseReader _reader = new(body);

    public override UpstreamInfo Upstream { get; } = upstream;

    public override async IAsyncEnumerable<ResponsesEvent> ReadEventsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var events = _reader.ReadEventsAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
        await using (events.ConfigureAwait(false))
        {
            while (true)
            {
                ResponsesEvent next;
                try
                {
                    if (!await events.MoveNextAsync().ConfigureAwait(false)) break;
                    next = Translate(events.Current);
                }
                catch (Exception e) when (e is HttpRequestException or IOException or InvalidDataException or System.Text.Json.JsonException)
                {
                    throw new GatewayException(new GatewayError(502, ErrorTypes.Upstream, "stream_broken",
                        $"{endpoint.DisplayName}'s response stream for {Upstream.ModelId} broke: {e.Message}", Upstream: endpoint.UpstreamName), e);
                }

                yield return next;
            }
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await _reader.DisposeAsync().ConfigureAwait(false);
        await body.DisposeAsync().ConfigureAwait(false);
        response.Dispose();
    }

    private ResponsesEvent Translate(SseEvent e)
    {
        var data = ResponsesBodyWriter.RewriteEvent(e.Data.Span, callerModel, out var responseObject);
        switch (e.Name)
        {
            case "response.completed" or "response.incomplete" or "response.failed":
                if (responseObject?["usage"] is JsonObject usage)
                {
                    using var doc = System.Text.Json.JsonDocument.Parse(usage.ToJsonString());
                    Usage = OpenAiUsageReader.Read(doc.RootElement);
                }

                if (e.Name == "response.failed") ErrorCode = responseObject?["error"]?["code"]?.ToString() ?? "response_failed";
                break;
            case "error":
                ErrorCode = JsonNode.Parse(e.Data.Span)?["code"]?.ToString() ?? "stream_error";
                break;
        }

        return new ResponsesEvent(e.Name, data);
    }
}
