using Microsoft.Extensions.Time.Testing;
using Sluice.AzureOpenAI.Emulator;
using Sluice.AzureOpenAI.Emulator.Entra;
using Sluice.AzureOpenAI.Entra;
using Sluice.Core.Errors;

namespace Sluice.AzureOpenAI.Tests.Entra;

/// <summary>The client-credentials token provider against the emulated Entra ID token endpoint.</summary>
public sealed class EntraTokenProviderTests : IAsyncLifetime
{
    private const string Tenant = "0b0c6f2e-7a4d-4c8e-9d51-3f7f2a1e9c10";
    private const string Client = "5d3e1a2b-8c9f-4e6d-a7b0-1c2d3e4f5a6b";
    private const string Secret = "Qw8~emulated.client.secret";

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 5, 9, 0, 0, TimeSpan.Zero));
    private readonly HttpMessageInvoker _http = new(new SocketsHttpHandler());
    private AzureOpenAiEmulator _emulator = null!;
    private EntraTokenProvider _tokens = null!;

    public async Task InitializeAsync()
    {
        _emulator = await AzureOpenAiEmulator.StartAsync(new AzureEmulatorOptions { Time = _time });
        _emulator.Directory.Add(new EntraApp(Tenant, Client, Secret));
        _tokens = new EntraTokenProvider(_http, _time, _emulator.AuthorityHost);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _emulator.DisposeAsync();
    }

    [Fact]
    public async Task GetTokenAsync_TwoCalls_RequestsOneTokenAndReusesIt()
    {
        var first = await _tokens.GetTokenAsync(new(Tenant, Client, Secret), default);
        var second = await _tokens.GetTokenAsync(new(Tenant, Client, Secret), default);

        Assert.Equal(first, second);
        Assert.True(_emulator.Directory.IsValid(first));
        Assert.Equal(1, _emulator.Directory.TokenRequests);
    }

    [Fact]
    public async Task GetTokenAsync_ManyCallsAtOnce_SendOneTokenRequest()
    {
        var calls = Enumerable.Range(0, 20).Select(_ => _tokens.GetTokenAsync(new(Tenant, Client, Secret), default).AsTask());

        var tokens = await Task.WhenAll(calls);

        Assert.Single(tokens.Distinct());
        Assert.Equal(1, _emulator.Directory.TokenRequests);
    }

    [Fact]
    public async Task GetTokenAsync_NearExpiry_FetchesANewToken()
    {
        _emulator.Directory.TokenLifetime = TimeSpan.FromSeconds(60);
        var first = await _tokens.GetTokenAsync(new(Tenant, Client, Secret), default);

        _time.Advance(TimeSpan.FromSeconds(20));
        var beforeWindow = await _tokens.GetTokenAsync(new(Tenant, Client, Secret), default);
        _time.Advance(TimeSpan.FromSeconds(15));
        var afterWindow = await _tokens.GetTokenAsync(new(Tenant, Client, Secret), default);

        Assert.Equal(first, beforeWindow);
        Assert.NotEqual(first, afterWindow);
        Assert.True(_emulator.Directory.IsValid(afterWindow));
        Assert.Equal(2, _emulator.Directory.TokenRequests);
    }

    [Fact]
    public async Task GetTokenAsync_WrongSecret_SaysToUseTheSecretValue()
    {
        var error = await FailAsync(new(Tenant, Client, "the-secret-id-not-its-value"));

        Assert.Equal(502, error.Status);
        Assert.Equal("AADSTS7000215", error.Code);
        Assert.Contains("auth_data.client_secret", error.Message, StringComparison.Ordinal);
        Assert.Contains("Value (not its Secret ID)", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("the-secret-id-not-its-value", error.Message, StringComparison.Ordinal);
        Assert.False(error.Retryable);
    }

    [Fact]
    public async Task GetTokenAsync_UnknownTenant_NamesTheTenantToCheck()
    {
        var error = await FailAsync(new("9f9f9f9f-0000-4000-8000-000000000000", Client, Secret));

        Assert.Equal("AADSTS90002", error.Code);
        Assert.Contains("auth_data.tenant_id", error.Message, StringComparison.Ordinal);
        Assert.Contains("9f9f9f9f-0000-4000-8000-000000000000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetTokenAsync_UnknownClient_NamesTheClientToCheck()
    {
        var error = await FailAsync(new(Tenant, "11111111-2222-4333-8444-555555555555", Secret));

        Assert.Equal("AADSTS700016", error.Code);
        Assert.Contains("auth_data.client_id", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetTokenAsync_ExpiredSecret_SaysToCreateANewOne()
    {
        _emulator.Directory.Add(new EntraApp(Tenant, "expired-app", "old-secret", SecretExpired: true));

        var error = await FailAsync(new(Tenant, "expired-app", "old-secret"));

        Assert.Equal("AADSTS7000222", error.Code);
        Assert.Contains("expired", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetTokenAsync_NothingListening_RetryableUpstreamError()
    {
        var tokens = new EntraTokenProvider(_http, _time, new Uri("http://127.0.0.1:1/"));

        var e = await Assert.ThrowsAsync<GatewayException>(async () => await tokens.GetTokenAsync(new(Tenant, Client, Secret), default));

        Assert.Equal(EntraErrors.TokenRequestFailed, e.Error.Code);
        Assert.True(e.Error.Retryable);
    }

    [Fact]
    public async Task GetTokenAsync_AfterAFailure_TriesAgainOnTheNextCall()
    {
        await FailAsync(new(Tenant, "late-app", "s"));
        _emulator.Directory.Add(new EntraApp(Tenant, "late-app", "s"));

        var token = await _tokens.GetTokenAsync(new(Tenant, "late-app", "s"), default);

        Assert.True(_emulator.Directory.IsValid(token));
    }

    private async Task<GatewayError> FailAsync(EntraClientSecret credential)
    {
        var e = await Assert.ThrowsAsync<GatewayException>(async () => await _tokens.GetTokenAsync(credential, default));
        return e.Error;
    }
}
