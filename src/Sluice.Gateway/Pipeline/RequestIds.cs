using Microsoft.AspNetCore.Http;

namespace Sluice.Gateway.Pipeline;

/// <summary>Gives every response an <c>x-request-id</c>: the caller's when it is sane, otherwise a new one.</summary>
public static class RequestIds
{
    public const string Header = "x-request-id";
    private const int MaxLength = 128;

    /// <summary>Picks the request id, sets it on the response and returns it.</summary>
    public static string Assign(HttpContext context)
    {
        var incoming = context.Request.Headers[Header];
        var id = incoming.Count == 1 && IsSane(incoming[0]) ? incoming[0]! : New();
        context.Response.Headers[Header] = id;
        return id;
    }

    public static string New() => Sluice.Core.Ids.RandomIds.Version7("req_", DateTimeOffset.UtcNow);

    internal static bool IsSane(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > MaxLength) return false;
        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '.' || c == '_' || c == '-')) return false;
        }

        return true;
    }
}
