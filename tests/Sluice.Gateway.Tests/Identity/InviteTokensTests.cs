using Sluice.Gateway.Identity;

namespace Sluice.Gateway.Tests.Identity;

public sealed class InviteTokensTests
{
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly InMemoryInviteStore _store = new();
    private readonly InviteTokens _invites;

    public InviteTokensTests() => _invites = new InviteTokens(_store, _time);

    [Fact]
    public async Task RedeemAsync_FirstUse_GivesEmailThenAlreadyUsed()
    {
        var invite = await _invites.CreateAsync("Bob@Example.com", "admin@example.com");

        var first = await _invites.RedeemAsync(invite.Token);
        var second = await _invites.RedeemAsync(invite.Token);

        Assert.Equal(InviteStatus.Valid, first.Status);
        Assert.Equal("bob@example.com", first.Email);
        Assert.Equal(InviteStatus.AlreadyUsed, second.Status);
        Assert.Null(second.Email);
    }

    [Fact]
    public async Task CheckAsync_BeforeRedeem_DoesNotConsume()
    {
        var invite = await _invites.CreateAsync("bob@example.com", "admin@example.com");

        Assert.True((await _invites.CheckAsync(invite.Token)).IsValid);
        Assert.True((await _invites.CheckAsync(invite.Token)).IsValid);
        Assert.True((await _invites.RedeemAsync(invite.Token)).IsValid);
    }

    [Fact]
    public async Task RedeemAsync_AfterExpiry_Expired()
    {
        var invite = await _invites.CreateAsync("bob@example.com", "admin@example.com", TimeSpan.FromHours(1));

        _time.Advance(TimeSpan.FromMinutes(59));
        Assert.True((await _invites.CheckAsync(invite.Token)).IsValid);
        _time.Advance(TimeSpan.FromMinutes(1));
        var result = await _invites.RedeemAsync(invite.Token);

        Assert.Equal(InviteStatus.Expired, result.Status);
        Assert.Contains("expired", result.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("made-up-token")]
    public async Task RedeemAsync_UnknownToken_Unknown(string? token)
    {
        await _invites.CreateAsync("bob@example.com", "admin@example.com");

        Assert.Equal(InviteStatus.Unknown, (await _invites.RedeemAsync(token)).Status);
    }

    [Fact]
    public async Task CreateAsync_SecondInviteForSameEmail_FirstStopsWorking()
    {
        var first = await _invites.CreateAsync("bob@example.com", "admin@example.com");
        var second = await _invites.CreateAsync("bob@example.com", "admin@example.com");

        Assert.Equal(InviteStatus.Unknown, (await _invites.RedeemAsync(first.Token)).Status);
        Assert.True((await _invites.RedeemAsync(second.Token)).IsValid);
    }

    [Fact]
    public async Task CreateAsync_Store_HoldsOnlyTheTokenHash()
    {
        var invite = await _invites.CreateAsync("bob@example.com", "admin@example.com");

        Assert.Null(await _store.FindAsync(invite.Token));
        var stored = await _store.FindAsync(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(invite.Token))));
        Assert.NotNull(stored);
        Assert.DoesNotContain(invite.Token, stored!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RedeemAsync_ConcurrentRedemptions_ExactlyOneSucceeds()
    {
        var invite = await _invites.CreateAsync("bob@example.com", "admin@example.com");

        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(async () => await _invites.RedeemAsync(invite.Token))));

        Assert.Single(results, r => r.IsValid);
    }

    [Fact]
    public async Task CreateAsync_LifetimeBeyondMax_Throws()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await _invites.CreateAsync("bob@example.com", "admin@example.com", TimeSpan.FromDays(31)));
    }
}
