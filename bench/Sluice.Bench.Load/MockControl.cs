namespace Sluice.Bench.Load;

/// <summary>Changes the mock's answer shape between phases (gateways do not forward per-request mock headers).</summary>
public sealed class MockControl : IDisposable
{
    private readonly HttpClient _client = new();
    private readonly Uri _baseUrl;

    /// <summary>Creates a controller for the mock at <paramref name="baseUrl"/>.</summary>
    public MockControl(Uri baseUrl) => _baseUrl = baseUrl;

    /// <summary>Sets delay to first byte, non-streaming token count, chunk count and chunk interval.</summary>
    public async Task ConfigureAsync(int ttfbMs, int tokens, int chunks, int intervalMs)
    {
        var uri = new Uri(_baseUrl, $"/_mock/config?ttfb_ms={ttfbMs}&tokens={tokens}&chunks={chunks}&interval_ms={intervalMs}");
        using var response = await _client.PostAsync(uri, null);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>TLS connections the mock's HTTPS listener has accepted since it started (each one a handshake).</summary>
    public async Task<long> TlsConnectionsAsync()
    {
        using var doc = System.Text.Json.JsonDocument.Parse(await _client.GetStringAsync(new Uri(_baseUrl, "/_mock/stats")));
        return doc.RootElement.TryGetProperty("tls_connections", out var n) ? n.GetInt64() : 0;
    }

    /// <inheritdoc />
    public void Dispose() => _client.Dispose();
}
