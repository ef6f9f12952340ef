using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using Sluice.Core.Chat;
using Sluice.Core.Errors;

namespace Sluice.Gateway.ImageFetching;

/// <summary>
/// Fetches http(s) image URLs for chat messages so providers only ever see bytes. Guards against SSRF by checking
/// every resolved address at connect time (so DNS rebinding cannot slip past a check made earlier), re-checking each
/// redirect, and capping size and time.
/// </summary>
public sealed class ImageFetcher : IDisposable
{
    private readonly ImageFetchOptions _options;
    private readonly SocketsHttpHandler _handler;
    private readonly HttpClient _client;

    public ImageFetcher(IOptions<ImageFetchOptions> options)
    {
        _options = options.Value;
        _handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            ConnectCallback = ConnectAsync,
        };
        _client = new HttpClient(_handler, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>Fetches one image; failures are 400 errors naming <paramref name="param"/> with the reason.</summary>
    public async Task<ImagePart> FetchAsync(string url, string param, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var current) || (current.Scheme != Uri.UriSchemeHttp && current.Scheme != Uri.UriSchemeHttps))
        {
            throw Refused(param, "it is not an http(s) or data URL");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        try
        {
            for (var redirects = 0; ; redirects++)
            {
                CheckLiteralHost(current, param);
                using var request = new HttpRequestMessage(HttpMethod.Get, current);
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("image/*"));
                using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
                var status = (int)response.StatusCode;
                if (status is 301 or 302 or 303 or 307 or 308)
                {
                    if (redirects >= _options.MaxRedirects)
                        throw Refused(param, $"it redirected more than {_options.MaxRedirects} times");
                    var location = response.Headers.Location ?? throw Refused(param, "it redirected without a Location header");
                    current = location.IsAbsoluteUri ? location : new Uri(current, location);
                    if (current.Scheme != Uri.UriSchemeHttp && current.Scheme != Uri.UriSchemeHttps)
                        throw Refused(param, "it redirected to a URL that is not http(s)");
                    continue;
                }

                if (status < 200 || status > 299)
                    throw Refused(param, $"the server answered HTTP {status}");

                var contentType = response.Content.Headers.ContentType?.MediaType;
                if (contentType is null || !contentType.StartsWith("image/", StringComparison.OrdinalIgnoreCase))
                    throw Refused(param, $"the server sent content type '{contentType ?? "(none)"}', not an image");

                var declaredLength = response.Content.Headers.ContentLength;
                if (declaredLength > _options.MaxBytes)
                    throw Refused(param, $"the image is larger than {_options.MaxBytes / (1024 * 1024)} MB");

                var data = await ReadLimitedAsync(response.Content, declaredLength, param, timeout.Token);
                var sniffed = ImageSniffer.Sniff(data.Span)
                              ?? throw Refused(param, "its bytes are not a PNG, JPEG, GIF or WebP image");
                return new ImagePart(data, sniffed);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw Refused(param, $"it did not answer within {_options.Timeout.TotalSeconds:0} s");
        }
        catch (HttpRequestException e)
        {
            for (Exception? inner = e; inner is not null; inner = inner.InnerException)
            {
                if (inner is AddressRefusedException refused) throw Refused(param, refused.Message);
            }

            throw Refused(param, "the gateway could not connect to it or read its answer");
        }
    }

    public void Dispose()
    {
        _client.Dispose();
        _handler.Dispose();
    }

    private void CheckLiteralHost(Uri uri, string param)
    {
        // Fails fast with a clear message; the connect callback checks again for names that resolve to such addresses.
        if (IPAddress.TryParse(uri.IdnHost, out var literal) && AddressPolicy.Refusal(literal, _options.AllowLoopback) is { } reason)
            throw Refused(param, reason);
    }

    private async Task<ReadOnlyMemory<byte>> ReadLimitedAsync(HttpContent content, long? declaredLength, string param, CancellationToken cancellationToken)
    {
        var limit = _options.MaxBytes;
        var buffer = new byte[declaredLength is > 0 ? (int)declaredLength.Value : 64 * 1024];
        var total = 0;
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        while (true)
        {
            if (total == buffer.Length)
            {
                if (total > limit) break;
                Array.Resize(ref buffer, (int)Math.Min((long)buffer.Length * 2, limit + 1));
            }

            var read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken);
            if (read == 0) break;
            total += read;
            if (total > limit) break;
        }

        if (total > limit)
            throw Refused(param, $"the image is larger than {limit / (1024 * 1024)} MB");
        return new ReadOnlyMemory<byte>(buffer, 0, total);
    }

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var endpoint = context.DnsEndPoint;
        var addresses = IPAddress.TryParse(endpoint.Host, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(endpoint.Host, cancellationToken);
        string? refusal = null;
        Exception? lastError = null;
        foreach (var address in addresses)
        {
            if (AddressPolicy.Refusal(address, _options.AllowLoopback) is { } reason)
            {
                refusal ??= reason;
                continue;
            }

            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, endpoint.Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                lastError = e;
            }
        }

        if (lastError is not null) throw lastError;
        throw new AddressRefusedException(refusal ?? "its host name did not resolve");
    }

    private static GatewayException Refused(string param, string reason) =>
        new(GatewayError.InvalidRequest($"The image URL at '{param}' could not be used: {reason}.", param, "invalid_image_url"));

    private sealed class AddressRefusedException(string message) : Exception(message);
}
