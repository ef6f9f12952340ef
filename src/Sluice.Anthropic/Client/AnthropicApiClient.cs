using System.Net.Http.Headers;
using Sluice.Anthropic.Errors;
using Sluice.Core.Providers;

namespace Sluice.Anthropic.Client;

/// <summary>
/// Sends requests to Anthropic's HTTP API with the account's key and the caller's version and betas. A non-2xx answer
/// or an unreachable server leaves as <see cref="AnthropicException"/>; the body of a 2xx answer is the caller's to read.
/// </summary>
public sealed class AnthropicApiClient(HttpMessageInvoker http)
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    /// <summary>A client on the process's shared handler.</summary>
    public static AnthropicApiClient Shared { get; } = new(AnthropicHttp.Invoker);

    /// <summary>POSTs a JSON body and reads the whole 2xx answer.</summary>
    public async Task<byte[]> PostAsync(AnthropicAccountSettings account, string path, ReadOnlyMemory<byte> body, AnthropicCallOptions options, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(account, HttpMethod.Post, path, body, options, stream: false, cancellationToken).ConfigureAwait(false);
        return await ReadAllAsync(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>GETs a path and reads the whole 2xx answer.</summary>
    public async Task<byte[]> GetAsync(AnthropicAccountSettings account, string path, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(account, HttpMethod.Get, path, null, default, stream: false, cancellationToken).ConfigureAwait(false);
        return await ReadAllAsync(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>POSTs a streamed Messages request; returns once Anthropic has answered 200 (the events are then read from the body).</summary>
    public Task<HttpResponseMessage> PostStreamAsync(AnthropicAccountSettings account, string path, ReadOnlyMemory<byte> body, AnthropicCallOptions options, CancellationToken cancellationToken) =>
        SendAsync(account, HttpMethod.Post, path, body, options, stream: true, cancellationToken);

    private async Task<HttpResponseMessage> SendAsync(AnthropicAccountSettings account, HttpMethod method, string path, ReadOnlyMemory<byte>? body,
        AnthropicCallOptions options, bool stream, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, account.Root + path);
        if (body is { } content)
        {
            request.Content = new ReadOnlyMemoryContent(content);
            request.Content.Headers.ContentType = Json;
        }

        var headers = request.Headers;
        if (account.Headers is { } extra)
        {
            foreach (var (name, value) in extra) headers.TryAddWithoutValidation(name, value);
        }

        headers.TryAddWithoutValidation("x-api-key", account.ApiKey);
        headers.TryAddWithoutValidation("anthropic-version", options.Version ?? AnthropicAccountSettings.DefaultVersion);
        if (options.Betas is { Count: > 0 } betas) headers.TryAddWithoutValidation("anthropic-beta", string.Join(',', betas));
        headers.Accept.ParseAdd(stream ? "text/event-stream" : "application/json");
        if (UpstreamHeaders.Current is { } overrides)
        {
            foreach (var name in overrides.Remove) headers.Remove(name);
            foreach (var (name, value) in overrides.Set)
            {
                headers.Remove(name);
                headers.TryAddWithoutValidation(name, value);
            }
        }

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new AnthropicException(new AnthropicError(0, AnthropicErrorTypes.Connection, $"could not reach {account.Root}: {e.Message}"), e);
        }

        if (response.IsSuccessStatusCode) return response;
        using (response)
        {
            byte[] text;
            try
            {
                text = await ReadAllAsync(response, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException)
            {
                text = [];
            }

            throw new AnthropicException(AnthropicErrorReader.FromResponse((int)response.StatusCode, text, response.Headers));
        }
    }

    private static async Task<byte[]> ReadAllAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new AnthropicException(new AnthropicError(0, AnthropicErrorTypes.Connection, "the connection broke while the answer was read: " + e.Message), e);
        }
    }
}
