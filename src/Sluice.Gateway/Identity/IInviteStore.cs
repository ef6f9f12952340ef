namespace Sluice.Gateway.Identity;

/// <summary>Where invitations live. The storage layer persists them; <see cref="InMemoryInviteStore"/> serves tests.</summary>
public interface IInviteStore
{
    ValueTask AddAsync(InviteRecord invite, CancellationToken cancellationToken = default);

    ValueTask<InviteRecord?> FindAsync(string tokenHash, CancellationToken cancellationToken = default);

    /// <summary>
    /// Atomically marks an unused invitation used (in SQL: <c>UPDATE … SET used_at = @at WHERE token_hash = @h AND
    /// used_at IS NULL</c>). True only for the one caller that wins, so two concurrent redemptions cannot both succeed.
    /// </summary>
    ValueTask<bool> TryMarkUsedAsync(string tokenHash, DateTimeOffset usedAt, CancellationToken cancellationToken = default);

    /// <summary>Deletes a user's unused invitations, so that only the newest link works.</summary>
    ValueTask DeleteUnusedForEmailAsync(string email, CancellationToken cancellationToken = default);
}
