namespace Sluice.Gateway.Identity;

/// <summary>A process-local <see cref="IInviteStore"/>.</summary>
public sealed class InMemoryInviteStore : IInviteStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, InviteRecord> _invites = new(StringComparer.Ordinal);

    public ValueTask AddAsync(InviteRecord invite, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            _invites[invite.TokenHash] = invite;
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<InviteRecord?> FindAsync(string tokenHash, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(_invites.TryGetValue(tokenHash, out var invite) ? invite : null);
        }
    }

    public ValueTask<bool> TryMarkUsedAsync(string tokenHash, DateTimeOffset usedAt, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (!_invites.TryGetValue(tokenHash, out var invite) || invite.UsedAt is not null)
            {
                return ValueTask.FromResult(false);
            }

            _invites[tokenHash] = invite with { UsedAt = usedAt };
            return ValueTask.FromResult(true);
        }
    }

    public ValueTask DeleteUnusedForEmailAsync(string email, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            foreach (var (key, invite) in _invites)
            {
                if (invite.UsedAt is null && string.Equals(invite.Email, email, StringComparison.OrdinalIgnoreCase))
                {
                    _invites.Remove(key);
                }
            }
        }

        return ValueTask.CompletedTask;
    }
}
