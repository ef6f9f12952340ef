using System.Text.Json;
using Sluice.Gateway.Manifests;

namespace Sluice.Gateway.Security;

/// <summary>Packs an account's secrets (secret key, session token, API key, client secret) into one encrypted blob and back.</summary>
public sealed class AccountSecretsCodec(SecretProtector protector)
{
    public byte[]? Encrypt(string accountName, AuthData auth)
    {
        if (auth.SecretAccessKey is null && auth.SessionToken is null && auth.ApiKey is null && auth.ClientSecret is null)
        {
            return null;
        }

        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            if (auth.SecretAccessKey is not null) writer.WriteString("secret_access_key", auth.SecretAccessKey);
            if (auth.SessionToken is not null) writer.WriteString("session_token", auth.SessionToken);
            if (auth.ApiKey is not null) writer.WriteString("api_key", auth.ApiKey);
            if (auth.ClientSecret is not null) writer.WriteString("client_secret", auth.ClientSecret);
            writer.WriteEndObject();
        }

        return protector.Protect(stream.ToArray(), Context(accountName));
    }

    /// <summary>Returns <paramref name="auth"/> with the secrets of <paramref name="blob"/> filled in.</summary>
    public AuthData Decrypt(string accountName, AuthData auth, byte[]? blob)
    {
        if (blob is null)
        {
            return auth;
        }

        using var doc = JsonDocument.Parse(protector.Unprotect(blob, Context(accountName)));
        var root = doc.RootElement;
        return auth with
        {
            SecretAccessKey = root.TryGetProperty("secret_access_key", out var s) ? s.GetString() : null,
            SessionToken = root.TryGetProperty("session_token", out var t) ? t.GetString() : null,
            ApiKey = root.TryGetProperty("api_key", out var k) ? k.GetString() : null,
            ClientSecret = root.TryGetProperty("client_secret", out var c) ? c.GetString() : null,
        };
    }

    // Binding the account name makes a blob copied onto another account's row undecryptable.
    private static string Context(string accountName) => "sluice/provider-account/" + accountName;
}
