using System.Text.Json;
using Sluice.Bedrock.Credentials;
using Sluice.Bedrock.Errors;
using Sluice.Bedrock.Signing;

namespace Sluice.Bedrock.Runtime;

/// <summary>
/// Calls the Bedrock runtime API (Converse, ConverseStream, InvokeModel, InvokeModelWithResponseStream, CountTokens)
/// with SigV4 or a bearer API key. Bodies pass through untouched; translation lives elsewhere.
/// </summary>
public sealed class BedrockRuntimeClient
{
    /// <summary>Content type of streaming responses.</summary>
    public const string EventStreamContentType = "application/vnd.amazon.eventstream";

    private const string Json = "application/json";

    private readonly BedrockRequestSender _sender;

    /// <param name="http">Shared invoker over <see cref="CreateDefaultHandler"/> (or a test handler); never one per request.</param>
    /// <param name="credentials">The process's credential engine.</param>
    /// <param name="time">Clock for signing; null = system clock.</param>
    public BedrockRuntimeClient(HttpMessageInvoker http, BedrockCredentialEngine credentials, TimeProvider? time = null)
        : this(http, credentials, time, new BedrockEndpointResolver())
    {
    }

    internal BedrockRuntimeClient(HttpMessageInvoker http, BedrockCredentialEngine credentials, TimeProvider? time, BedrockEndpointResolver endpoints) =>
        _sender = new BedrockRequestSender(http, credentials, time ?? TimeProvider.System, endpoints);

    /// <summary>
    /// The one pooled handler for the process: pooled connections (2-minute lifetime), HTTP/2 over TLS where offered,
    /// no automatic decompression, and <c>*.localhost</c> resolved to 127.0.0.1.
    /// </summary>
    public static SocketsHttpHandler CreateDefaultHandler() => BedrockHttp.CreateHandler();

    /// <summary>
    /// What is wrong with a value of <c>SLUICE_BEDROCK_HTTP_VERSION</c>, or null when it is fine (unset, 1.1 or 2): the
    /// gateway refuses to start on a value it would otherwise ignore.
    /// </summary>
    public static string? HttpVersionProblem(string? value) => BedrockHttp.ParseVersion(value) is null
        ? $"{BedrockHttp.VersionVariable} is \"{value}\"; use 1.1 (the default) or 2."
        : null;

    /// <summary>POST /model/{id}/converse.</summary>
    public Task<BedrockResponse> ConverseAsync(BedrockTarget target, ReadOnlyMemory<byte> jsonBody, CancellationToken ct) =>
        SendBufferedAsync(target, "converse", jsonBody, Json, Json, ct);

    /// <summary>POST /model/{id}/converse-stream.</summary>
    public Task<BedrockEventStream> ConverseStreamAsync(BedrockTarget target, ReadOnlyMemory<byte> jsonBody, CancellationToken ct) =>
        SendStreamingAsync(target, "converse-stream", jsonBody, Json, null, BedrockStreamKind.Converse, ct);

    /// <summary>POST /model/{id}/invoke with a model-native body.</summary>
    public Task<BedrockResponse> InvokeModelAsync(BedrockTarget target, ReadOnlyMemory<byte> body, CancellationToken ct,
        string contentType = Json, string accept = Json) =>
        SendBufferedAsync(target, "invoke", body, contentType, accept, ct, collectHeaders: true);

    /// <summary>POST /model/{id}/invoke-with-response-stream; <paramref name="accept"/> goes in X-Amzn-Bedrock-Accept.</summary>
    public Task<BedrockEventStream> InvokeModelWithResponseStreamAsync(BedrockTarget target, ReadOnlyMemory<byte> body, CancellationToken ct,
        string contentType = Json, string accept = Json) =>
        SendStreamingAsync(target, "invoke-with-response-stream", body, contentType, accept, BedrockStreamKind.InvokeModel, ct);

    /// <summary>POST /model/{id}/count-tokens; returns <c>inputTokens</c>.</summary>
    public async Task<int> CountTokensAsync(BedrockTarget target, ReadOnlyMemory<byte> countTokensJsonBody, CancellationToken ct)
    {
        var response = await SendBufferedAsync(target, "count-tokens", countTokensJsonBody, Json, Json, ct).ConfigureAwait(false);
        try
        {
            var reader = new Utf8JsonReader(response.Body);
            if (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
            {
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var isTokens = reader.ValueTextEquals("inputTokens"u8);
                    reader.Read();
                    if (isTokens && reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var tokens))
                    {
                        return tokens;
                    }

                    reader.Skip();
                }
            }
        }
        catch (JsonException)
        {
            // Fall through to the error below.
        }

        throw new BedrockException(new BedrockError("InvalidResponse", 502, "CountTokens answered without an inputTokens number.", false,
            null, response.RequestId, response.Region, target.ModelId));
    }

    /// <summary>The wire path for an operation: the model ID percent-encoded as one segment.</summary>
    internal static string ModelPath(string modelId, string operation) =>
        string.Concat("/model/", AwsPathEncoding.EncodeSegment(modelId), "/", operation);

    internal static Uri OperationUri(Uri baseUri, string path)
    {
        // Keep any path prefix of a custom endpoint (e.g. a proxy mounted under /bedrock).
        var prefix = baseUri.AbsolutePath.TrimEnd('/');
        return new Uri(string.Concat(baseUri.GetLeftPart(UriPartial.Authority), prefix, path), UriKind.Absolute);
    }

    /// <summary>
    /// The URI of an operation on a model in a region, built once: endpoint templates, percent-encoding and URI parsing
    /// cost more than the rest of a request's preparation, and a gateway calls the same few models all day.
    /// </summary>
    private Uri OperationUri(BedrockTarget target, string region, string operation) =>
        _uris.GetOrAdd((target.Endpoints, region, target.ModelId, operation),
            static (k, client) => OperationUri(client._sender.Endpoints.Runtime(k.Item1, k.Item2), ModelPath(k.Item3, k.Item4)), this);

    private readonly BoundedCache<(BedrockEndpoints, string, string, string), Uri> _uris = new(4096);

    /// <param name="collectHeaders">Copy the response headers into the result (InvokeModel: some models report usage there).</param>
    private async Task<BedrockResponse> SendBufferedAsync(BedrockTarget target, string operation, ReadOnlyMemory<byte> body,
        string contentType, string accept, CancellationToken ct, bool collectHeaders = false)
    {
        var region = BedrockRequestSender.RegionFor(target, out _);
        var uri = OperationUri(target, region, operation);
        using var response = await _sender.SendAsync(target, region, HttpMethod.Post, uri, body, contentType, accept, null, ct,
            Sluice.Core.Providers.UpstreamHeaders.Current).ConfigureAwait(false);
        var bytes = await BedrockRequestSender.ReadBodyAsync(response, region, target.ModelId, ct).ConfigureAwait(false);
        return new BedrockResponse
        {
            Body = bytes,
            Region = region,
            RequestId = BedrockRequestSender.RequestId(response),
            ContentType = response.Content.Headers.ContentType?.ToString(),
            Headers = collectHeaders ? BedrockRequestSender.CollectHeaders(response) : BedrockResponse.NoHeaders,
        };
    }

    private async Task<BedrockEventStream> SendStreamingAsync(BedrockTarget target, string operation, ReadOnlyMemory<byte> body,
        string contentType, string? bedrockAccept, BedrockStreamKind kind, CancellationToken ct)
    {
        var region = BedrockRequestSender.RegionFor(target, out _);
        var uri = OperationUri(target, region, operation);
        var response = await _sender.SendAsync(target, region, HttpMethod.Post, uri, body, contentType, EventStreamContentType, bedrockAccept, ct,
                Sluice.Core.Providers.UpstreamHeaders.Current)
            .ConfigureAwait(false);
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
            return new BedrockEventStream(response, stream, region, target.ModelId, kind);
        }
        catch (Exception e) when (e is HttpRequestException or IOException && !ct.IsCancellationRequested)
        {
            response.Dispose();
            throw BedrockErrors.FromNetwork(e, region, target.ModelId);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }
}
