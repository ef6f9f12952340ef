using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Sluice.Core.Errors;

namespace Sluice.AzureOpenAI.Entra;

/// <summary>
/// Gets Azure OpenAI access tokens from Microsoft Entra ID with the client-credentials grant and caches one per app
/// registration until shortly before it expires; however many requests arrive at once, each registration is
/// refreshed with a single token request.
/// </summary>
/// <remarks>
/// Hand-written rather than Azure.Identity's <c>ClientSecretCredential</c>: that credential refuses any authority
/// host that is not https ("Authority host must be a TLS protected (https) endpoint"), so it cannot be pointed at the
/// repository's local Entra emulator, and it brings Azure.Core and MSAL for what is one form POST. This class also
/// turns Entra's AADSTS codes into errors that name the <c>auth_data</c> key to fix.
/// </remarks>
public sealed class EntraTokenProvider
{
    /// <summary>Entra ID of Azure's public cloud.</summary>
    public static readonly Uri PublicCloud = new("https://login.microsoftonline.com/");

    /// <summary>The scope of Azure OpenAI (Cognitive Services) data-plane calls.</summary>
    public const string CognitiveServicesScope = "https://cognitiveservices.azure.com/.default";

    /// <summary>How long before expiry a cached token is replaced (at most half its lifetime, for short-lived tokens).</summary>
    public static readonly TimeSpan RefreshBeforeExpiry = TimeSpan.FromMinutes(5);

    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    private readonly HttpMessageInvoker _http;
    private readonly TimeProvider _time;
    private readonly Uri _authorityHost;
    private readonly ConcurrentDictionary<EntraClientSecret, Entry> _entries = new();
    private int _requestCount;

    /// <param name="http">Sends the token requests (the provider's pooled handler).</param>
    /// <param name="time">Clock for expiry decisions.</param>
    /// <param name="authorityHost">Entra's address; null = the public cloud (sovereign clouds and tests set their own).</param>
    public EntraTokenProvider(HttpMessageInvoker http, TimeProvider time, Uri? authorityHost = null)
    {
        _http = http;
        _time = time;
        var host = authorityHost ?? PublicCloud;
        _authorityHost = host.AbsoluteUri.EndsWith('/') ? host : new Uri(host.AbsoluteUri + "/");
    }

    /// <summary>Token requests sent so far (tests check that tokens are reused).</summary>
    public int RequestCount => Volatile.Read(ref _requestCount);

    /// <summary>The token endpoint of <paramref name="tenantId"/>.</summary>
    public Uri TokenEndpoint(string tenantId) => new(_authorityHost, Uri.EscapeDataString(tenantId) + "/oauth2/v2.0/token");

    /// <summary>A valid access token for <paramref name="credential"/>; throws <see cref="GatewayException"/> when Entra refuses.</summary>
    public ValueTask<string> GetTokenAsync(EntraClientSecret credential, CancellationToken cancellationToken)
    {
        var entry = _entries.GetOrAdd(credential, static _ => new Entry());
        var current = entry.Current;
        if (current is not null && _time.GetUtcNow() < current.RefreshAt)
        {
            return new(current.Token.AccessToken);
        }

        return RefreshAsync(entry, credential, cancellationToken);
    }

    private async ValueTask<string> RefreshAsync(Entry entry, EntraClientSecret credential, CancellationToken cancellationToken)
    {
        Task<Cached> refresh;
        Cached? current;
        lock (entry)
        {
            current = entry.Current;
            if (current is not null && _time.GetUtcNow() < current.RefreshAt)
            {
                return current.Token.AccessToken;
            }

            // Task.Run keeps the request from completing inside this lock, so Refresh is always cleared after it is set;
            // the caller's cancellation does not cancel a request other callers may be waiting for.
            refresh = entry.Refresh ??= Task.Run(() => RequestAsync(entry, credential), CancellationToken.None);
        }

        try
        {
            var fresh = await refresh.WaitAsync(cancellationToken).ConfigureAwait(false);
            return fresh.Token.AccessToken;
        }
        catch (GatewayException) when (current is not null && _time.GetUtcNow() < current.Token.ExpiresOn)
        {
            // Entra is failing but the old token is still accepted: keep serving with it until it expires.
            return current.Token.AccessToken;
        }
    }

    private async Task<Cached> RequestAsync(Entry entry, EntraClientSecret credential)
    {
        try
        {
            var token = await FetchAsync(credential).ConfigureAwait(false);
            var lifetime = token.ExpiresOn - _time.GetUtcNow();
            var early = lifetime / 2 < RefreshBeforeExpiry ? lifetime / 2 : RefreshBeforeExpiry;
            var cached = new Cached(token, token.ExpiresOn - early);
            entry.Current = cached;
            return cached;
        }
        finally
        {
            lock (entry)
            {
                entry.Refresh = null;
            }
        }
    }

    private async Task<EntraToken> FetchAsync(EntraClientSecret credential)
    {
        var endpoint = TokenEndpoint(credential.TenantId);
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint)
        {
            Content = new FormUrlEncodedContent(
            [
                new("grant_type", "client_credentials"),
                new("client_id", credential.ClientId),
                new("client_secret", credential.ClientSecret),
                new("scope", CognitiveServicesScope),
            ]),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        Interlocked.Increment(ref _requestCount);
        var issuedAt = _time.GetUtcNow();
        using var timeout = new CancellationTokenSource(RequestTimeout);
        HttpResponseMessage response;
        byte[] body;
        try
        {
            response = await _http.SendAsync(request, timeout.Token).ConfigureAwait(false);
            body = await response.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            throw new GatewayException(EntraErrors.Unreachable(endpoint, e is OperationCanceledException ? "no answer within 30 seconds" : e.Message), e);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                var retryAfter = response.Headers.RetryAfter?.Delta;
                throw new GatewayException(EntraErrors.FromResponse((int)response.StatusCode, body, credential, retryAfter));
            }

            return ReadToken(body, issuedAt) ?? throw new GatewayException(
                EntraErrors.Unreachable(endpoint, "the answer has no access_token and expires_in"));
        }
    }

    /// <summary>Reads <c>access_token</c> and <c>expires_in</c> (a number, or a string in Entra's v1 answers).</summary>
    internal static EntraToken? ReadToken(ReadOnlySpan<byte> body, DateTimeOffset issuedAt)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            using var doc = JsonDocument.ParseValue(ref reader);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("access_token", out var token) || token.ValueKind != JsonValueKind.String
                || !root.TryGetProperty("expires_in", out var expires))
            {
                return null;
            }

            long seconds;
            if (expires.ValueKind == JsonValueKind.Number && expires.TryGetInt64(out var n)) seconds = n;
            else if (expires.ValueKind == JsonValueKind.String && long.TryParse(expires.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var s)) seconds = s;
            else return null;

            var value = token.GetString();
            return string.IsNullOrEmpty(value) || seconds <= 0 ? null : new EntraToken(value, issuedAt.AddSeconds(seconds));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private sealed record Cached(EntraToken Token, DateTimeOffset RefreshAt);

    private sealed class Entry
    {
        public volatile Cached? Current;
        public Task<Cached>? Refresh;
    }
}
