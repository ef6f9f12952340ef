using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Sluice.Gateway.Admin;

/// <summary>Reads admin request bodies (small) into text or a JSON node.</summary>
internal static class BodyReader
{
    public const int MaxBodyBytes = 4 * 1024 * 1024;

    /// <summary>The error <see cref="ReadJsonAsync"/> gives for an empty body, for endpoints whose body is optional.</summary>
    public const string EmptyBody = "the request body is empty";

    public static async Task<string> ReadTextAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var buffer = new char[MaxBodyBytes + 1];
        var total = 0;
        int read;
        while (total < buffer.Length && (read = await reader.ReadAsync(buffer.AsMemory(total), context.RequestAborted)) > 0)
        {
            total += read;
        }

        return new string(buffer, 0, total);
    }

    /// <summary>Parses the body as JSON; null (with <paramref name="error"/>) when it is empty or malformed.</summary>
    public static async Task<(JsonNode? Node, string? Error)> ReadJsonAsync(HttpContext context)
    {
        var text = await ReadTextAsync(context);
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
