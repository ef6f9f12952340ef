using System.Net;
using System.Net.Http.Headers;
using Sluice.Core.Providers;
using Sluice.OpenAI.Errors;

namespace Sluice.OpenAI.Client;

/// <summary>
/// Sends OpenAI API requests on one pooled connection handler for the whole process. Success returns the response
/// (the caller reads and disposes it); an error status or a transport failure throws <see cref="OpenAiApiException"/>.
/// </summary>
public sealed class OpenAiClient(HttpMessageInvoker http)
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private static readonly MediaTypeWithQualityHeaderValue AcceptJson = new("application/json");
    private static readonly MediaTypeWithQualityHeaderValue AcceptSse = new("text/event-stream");

    /// <summary>The client of the whole process (OpenAI, compatible servers, Azure OpenAI): one connection pool for every account.</summary>
    public static OpenAiClient Shared { get; } = new(new HttpMessageInvoker(CreateDefaultHandler()));

    /// <summary>The process-wide handler: pooled connections, recycled so DNS changes are seen, no cookies or redirects.</summary>
    public static SocketsHttpHandler CreateDefaultHandler() => new()
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
        UseCookies = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
        ConnectTimeout = TimeSpan.FromSeconds(10),
        EnableMultipleHttp2Connections = true,
    };

    /// <summary>POSTs a JSON body; for <paramref name="stream"/> the headers are read first and the body is left to the caller.</summary>
    public async Task<HttpResponseMessage> PostAsync(IOpenAiEndpoint endpoint, OpenAiOperation operation, string model, ReadOnlyMemory<byte> body, bool stream,
        CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.UriFor(operation, model))
        {
            Content = new ReadOnlyMemoryContent(body),
        };
        request.Content.Headers.ContentType = Json;
        request.Headers.Accept.Add(stream ? AcceptSse : AcceptJson);
        return await SendAsync(endpoint, request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>GETs <paramref name="operation"/> (e.g. the model list).</summary>
    public async Task<HttpResponseMessage> GetAsync(IOpenAiEndpoint endpoint, OpenAiOperation operation, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, endpoint.UriFor(operation, ""));
        request.Headers.Accept.Add(AcceptJson);
        return await SendAsync(endpoint, request, cancellationToken).ConfigureAwait(false);
    }

    private async Task<HttpResponseMessage> SendAsync(IOpenAiEndpoint endpoint, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        await endpoint.AuthenticateAsync(request, cancellationToken).ConfigureAwait(false);
        if (UpstreamHeaders.Current is { } overrides)
        {
            foreach (var name in overrides.Remove) request.Headers.Remove(name);
            foreach (var (name, value) in overrides.Set)
            {
                request.Headers.Remove(name);
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw OpenAiApiException.Unreachable(endpoint, e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw OpenAiApiException.TimedOut(endpoint, e);
        }

        if (response.IsSuccessStatusCode) return response;
        using (response)
        {
            throw await OpenAiApiException.ReadAsync(response, cancellationToken).ConfigureAwait(false);
        }
    }
}
