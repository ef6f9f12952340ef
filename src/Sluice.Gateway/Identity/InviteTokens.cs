namespace Sluice.Gateway.Identity;

/// <summary>
/// "An admin invites a user, the user sets a password": one-time, expiring invitation tokens, stored only as
/// their SHA-256. The set-password page calls <see cref="CheckAsync"/> to show the email, checks the new password
/// with <see cref="PasswordPolicy"/>, and only then <see cref="RedeemAsync"/>, which consumes the token atomically.
/// </summary>
public sealed class InviteTokens
{
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromDays(3);
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(30);

    private readonly IInviteStore _store;
    private readonly TimeProvider _time;

    public InviteTokens(IInviteStore store, TimeProvider time)
    {
        _store = store;
        _time = time;
    }

    /// <summary>Invites <paramref name="email"/>; earlier unused invitations for that email stop working.</summary>
    public async ValueTask<IssuedInvite> CreateAsync(string email, string invitedBy, TimeSpan? lifetime = null, CancellationToken cancellationToken = default)
    {
        var life = lifetime ?? DefaultLifetime;
        if (life <= TimeSpan.Zero || life > MaxLifetime)
        {
            throw new ArgumentOutOfRangeException(nameof(lifetime), life, $"An invitation must last more than zero and at most {MaxLifetime.TotalDays} days.");
        }

        var normalized = email.Trim().ToLowerInvariant();
        await _store.DeleteUnusedForEmailAsync(normalized, cancellationToken);
        var token = OpaqueToken.New();
        var now = _time.GetUtcNow();
        var invite = new InviteRecord(OpaqueToken.Digest(token), normalized, invitedBy, now, now + life);
        await _store.AddAsync(invite, cancellationToken);
        return new IssuedInvite(token, normalized, invite.ExpiresAt);
    }

    /// <summary>Whether a token could be redeemed now, without consuming it.</summary>
    public async ValueTask<InviteResult> CheckAsync(string? token, CancellationToken cancellationToken = default)
    {
        var (result, _) = await LookUpAsync(token, cancellationToken);
        return result;
    }

    /// <summary>Consumes a token: Valid (with the email) for exactly one caller, then AlreadyUsed.</summary>
    public async ValueTask<InviteResult> RedeemAsync(string? token, CancellationToken cancellationToken = default)
    {
        var (result, hash) = await LookUpAsync(token, cancellationToken);
        if (!result.IsValid)
        {
            return result;
        }

        return await _store.TryMarkUsedAsync(hash!, _time.GetUtcNow(), cancellationToken)
            ? result
            : new InviteResult(InviteStatus.AlreadyUsed, null);
    }

    private async ValueTask<(InviteResult Result, string? Hash)> LookUpAsync(string? token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 128)
        {
            return (new InviteResult(InviteStatus.Unknown, null), null);
        }

        var hash = OpaqueToken.Digest(token);
        var invite = await _store.FindAsync(hash, cancellationToken);
        if (invite is null)
        {
            return (new InviteResult(InviteStatus.Unknown, null), null);
        }

        if (invite.UsedAt is not null)
        {
            return (new InviteResult(InviteStatus.AlreadyUsed, null), hash);
        }

        return _time.GetUtcNow() >= invite.ExpiresAt
            ? (new InviteResult(InviteStatus.Expired, null), hash)
            : (new InviteResult(InviteStatus.Valid, invite.Email), hash);
    }
}
