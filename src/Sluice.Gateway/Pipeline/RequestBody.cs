using System.Buffers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Sluice.Core.Errors;

namespace Sluice.Gateway.Pipeline;

/// <summary>The request body, read once into a pooled buffer. Return it with <see cref="Dispose"/>.</summary>
public sealed class RequestBody : IDisposable
{
    private byte[]? _buffer;

    private RequestBody(byte[] buffer, int length)
    {
        _buffer = buffer;
        Length = length;
    }

    public int Length { get; }

    public ReadOnlySpan<byte> Span => _buffer.AsSpan(0, Length);

    /// <summary>Reads the whole body, answering 413 past <paramref name="limit"/> bytes and 400 when it is empty.</summary>
    public static async Task<RequestBody> ReadAsync(HttpContext context, long limit)
    {
        var request = context.Request;
        if (request.ContentLength > limit) throw TooLarge(limit);
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = limit;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(request.ContentLength is > 0 ? (int)request.ContentLength.Value : 16 * 1024);
        var total = 0;
        try
        {
            while (true)
            {
                if (total == buffer.Length)
                {
                    if (total > limit) throw TooLarge(limit);
                    var bigger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, limit + 1));
                    buffer.AsSpan(0, total).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }

                var read = await request.Body.ReadAsync(buffer.AsMemory(total), context.RequestAborted);
                if (read == 0) break;
                total += read;
                if (total > limit) throw TooLarge(limit);
                if (total == request.ContentLength) break; // all there: no extra read to learn that
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw TooLarge(limit);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }

        if (total == 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw new GatewayException(GatewayError.InvalidRequest("The request body is empty; send a JSON object.", null, "invalid_json"));
        }

        return new RequestBody(buffer, total);
    }

    public void Dispose()
    {
        if (_buffer is { } buffer)
        {
            _buffer = null;
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static GatewayException TooLarge(long limit) =>
        new(new GatewayError(413, ErrorTypes.InvalidRequest, "request_too_large",
            $"The request body is larger than the gateway's limit of {limit / (1024 * 1024)} MB. Send smaller images or fewer messages."));
}
