using System.Collections.Concurrent;

namespace Sluice.Gateway.Identity;

/// <summary>
/// Modest brute-force brake for password sign-in: after <see cref="MaxFailuresPerEmail"/> failures for one email,
/// or <see cref="MaxFailuresPerAddress"/> from one client address, within <see cref="Window"/>, further attempts
/// are refused until the window has passed. A success clears the email's count. Process-local by design.
/// </summary>
public sealed class LoginThrottle(TimeProvider time)
{
    public const int MaxFailuresPerEmail = 5;
    public const int MaxFailuresPerAddress = 30;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    private const int MaxKeys = 100_000;

    private readonly ConcurrentDictionary<string, (int Failures, DateTimeOffset Since)> _failures = new(StringComparer.Ordinal);

    /// <summary>How long the caller must wait, or null when an attempt is allowed now.</summary>
    public TimeSpan? RetryAfter(string email, string? address)
    {
        var now = time.GetUtcNow();
        var wait = Blocked("e:" + email, MaxFailuresPerEmail, now);
        if (address is not null && Blocked("a:" + address, MaxFailuresPerAddress, now) is { } addressWait && (wait is null || addressWait > wait))
        {
            wait = addressWait;
        }

        return wait;
    }

    public void Failed(string email, string? address)
    {
        if (_failures.Count > MaxKeys)
        {
            _failures.Clear(); // bounded memory under a spray of made-up emails; the brake restarts
        }

        Count("e:" + email);
        if (address is not null)
        {
            Count("a:" + address);
        }
    }

    public void Succeeded(string email) => _failures.TryRemove("e:" + email, out _);

    private void Count(string key)
    {
        var now = time.GetUtcNow();
        _failures.AddOrUpdate(key, (1, now), (_, old) => now - old.Since > Window ? (1, now) : (old.Failures + 1, old.Since));
    }

    private TimeSpan? Blocked(string key, int max, DateTimeOffset now) =>
        _failures.TryGetValue(key, out var entry) && entry.Failures >= max && now - entry.Since < Window
            ? entry.Since + Window - now
            : null;
}
