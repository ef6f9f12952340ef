using Sluice.Core.Configuration;
using Sluice.Core.Errors;

namespace Sluice.Core.Access;

/// <summary>Turns an <c>Authorization</c> header into a <see cref="Principal"/> using only the in-memory snapshot.</summary>
public static class ApiKeyAuthenticator
{
    private static readonly GatewayError Missing = new(401, ErrorTypes.Authentication, "missing_api_key",
        "No API key was sent. Send it as 'Authorization: Bearer <key>'.");

    private static readonly GatewayError Invalid = new(401, ErrorTypes.Authentication, "invalid_api_key",
        "The API key is not valid. Check that it was copied whole and has not been revoked.");

    private static readonly GatewayError Expired = new(401, ErrorTypes.Authentication, "expired_api_key",
        "The API key has expired. Create a new one.");

    public static bool TryAuthenticate(GatewaySnapshot snapshot, string? authorization, DateTimeOffset now, out Principal? principal, out GatewayError? error) =>
        TryAuthenticate(snapshot, authorization, now, out principal, out _, out error);

    /// <summary>As above, also naming the key's public id (for usage records).</summary>
    public static bool TryAuthenticate(GatewaySnapshot snapshot, string? authorization, DateTimeOffset now, out Principal? principal, out string? keyId, out GatewayError? error)
    {
        principal = null;
        keyId = null;
        error = null;
        if (string.IsNullOrEmpty(authorization) || !authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            error = Missing;
            return false;
        }

        return TryAuthenticateKey(snapshot, authorization.AsSpan(7).Trim(), now, out principal, out keyId, out error);
    }

    /// <summary>
    /// Checks a bare key, as sent in a header of its own (Anthropic's <c>x-api-key</c>) rather than after <c>Bearer</c>.
    /// </summary>
    public static bool TryAuthenticateKey(GatewaySnapshot snapshot, string token, DateTimeOffset now, out Principal? principal, out string? keyId, out GatewayError? error) =>
        TryAuthenticateKey(snapshot, token.AsSpan(), now, out principal, out keyId, out error);

    /// <summary>As above, for a key that is a slice of a header: looked up and verified without a copy.</summary>
    public static bool TryAuthenticateKey(GatewaySnapshot snapshot, ReadOnlySpan<char> token, DateTimeOffset now, out Principal? principal, out string? keyId, out GatewayError? error)
    {
        principal = null;
        keyId = null;
        error = null;
        if (token.Length == 0)
        {
            error = Missing;
            return false;
        }

        Span<char> idBuffer = stackalloc char[ApiKeyFormat.ExternalIdLength];
        ApiKeyFormat.Split(token, idBuffer, out var id, out var secret);
        if (!Find(snapshot, id, out var entry) || !ApiKeyFormat.Verify(entry, secret))
        {
            error = Invalid;
            return false;
        }

        if (entry.ExpiresAt is { } expiresAt && expiresAt <= now)
        {
            error = Expired;
            return false;
        }

        principal = entry.Principal;
        keyId = entry.Id;
        return true;
    }

    private static bool Find(GatewaySnapshot snapshot, ReadOnlySpan<char> id, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ApiKeyEntry? entry) =>
        snapshot.Keys.TryGetAlternateLookup<ReadOnlySpan<char>>(out var byChars)
            ? byChars.TryGetValue(id, out entry)
            : snapshot.Keys.TryGetValue(id.ToString(), out entry);
}
