using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text;
using Microsoft.AspNetCore.Http;
using Sluice.Core.Errors;
using Sluice.Gateway.Pipeline;

namespace Sluice.Gateway.Admin;

/// <summary>Reads admin request bodies (small) into text or a JSON node.</summary>
internal static class BodyReader
{
    public const int MaxBodyBytes = 4 * 1024 * 1024;

    /// <summary>The error <see cref="ReadJsonAsync"/> gives for an empty body, for endpoints whose body is optional.</summary>
    public const string EmptyBody = "the request body is empty";

    /// <summary>
    /// The body as text, after the checks every body passes (<see cref="RequestJson.Check"/>: UTF-8, no unpaired
    /// surrogate escapes, byte-order mark skipped); a 400 or 413 <see cref="GatewayException"/> otherwise.
    /// </summary>
    public static async Task<string> ReadTextAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                throw new GatewayException(new GatewayError(413, ErrorTypes.InvalidRequest, "request_too_large",
                    $"The request body is larger than the admin API's limit of {MaxBodyBytes / (1024 * 1024)} MB. Split the manifests into several requests."));
            }

            buffer.Write(chunk, 0, read);
        }

        return Encoding.UTF8.GetString(RequestJson.Check(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)));
    }

    /// <summary>Parses the body as JSON; null (with <paramref name="error"/>) when it is empty or malformed.</summary>
    public static async Task<(JsonNode? Node, string? Error)> ReadJsonAsync(HttpContext context)
    {
        string text;
        try
        {
            text = await ReadTextAsync(context);
        }
        catch (GatewayException e)
        {
            return (null, e.Error.Message);
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return (null, EmptyBody);
        }

        try
        {
            return (JsonNode.Parse(text), null);
        }
        catch (JsonException e)
        {
            return (null, "the body is not valid JSON: " + e.Message);
        }
    }
}
