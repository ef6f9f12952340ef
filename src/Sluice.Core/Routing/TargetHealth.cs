namespace Sluice.Core.Routing;

/// <summary>
/// Passive health of one target: <see cref="FailureThreshold"/> failures (429, 5xx, 401, 403, timeouts) within
/// <see cref="Window"/> cool it down for <see cref="CoolDown"/>, during which it is tried only after the healthy
/// targets; it comes back by itself when the cool-down ends. A success clears the count.
/// </summary>
public sealed class TargetHealth(TimeProvider time)
{
    public const int FailureThreshold = 2;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(2);
    public static readonly TimeSpan CoolDown = TimeSpan.FromSeconds(30);

    private readonly object _gate = new();
    private long _coolUntil = long.MinValue;
    private long _windowStart;
    private int _failures;
    private long _lastFailureAt = long.MinValue;
    private int _lastFailureStatus;
    private long _totalFailures;

    /// <summary>True unless the target is cooling down.</summary>
    public bool IsHealthy(long now) => now >= Volatile.Read(ref _coolUntil);

    /// <summary>True unless the target is cooling down now.</summary>
    public bool IsHealthy() => IsHealthy(time.GetTimestamp());

    public void Succeeded()
    {
        // Read first: the common case (no failures) writes nothing, so healthy targets share no contended line.
        if (Volatile.Read(ref _failures) != 0) Volatile.Write(ref _failures, 0);
    }

    /// <summary>Counts a failure with <paramref name="status"/>; caller errors (400, 404, ...) say nothing about the target.</summary>
    public void Failed(int status)
    {
        if (!CountsAgainstTarget(status)) return;
        var now = time.GetTimestamp();
        lock (_gate)
        {
            _lastFailureAt = now;
            _lastFailureStatus = status;
            _totalFailures++;
            if (_failures == 0 || time.GetElapsedTime(_windowStart, now) > Window)
            {
                _windowStart = now;
                _failures = 0;
            }

            if (++_failures >= FailureThreshold)
            {
                Volatile.Write(ref _coolUntil, now + (long)(CoolDown.TotalSeconds * time.TimestampFrequency));
                _failures = 0;
            }
        }
    }

    /// <summary>What an operator sees of this target (the admin API's health read); taken under the lock, off the request path.</summary>
    public TargetHealthView View()
    {
        var now = time.GetTimestamp();
        lock (_gate)
        {
            var coolUntil = Volatile.Read(ref _coolUntil);
            var inWindow = _failures > 0 && time.GetElapsedTime(_windowStart, now) <= Window;
            return new TargetHealthView(
                now >= coolUntil,
                now >= coolUntil ? TimeSpan.Zero : time.GetElapsedTime(now, coolUntil),
                inWindow ? _failures : 0,
                _totalFailures,
                _lastFailureAt == long.MinValue ? null : time.GetElapsedTime(_lastFailureAt, now),
                _lastFailureAt == long.MinValue ? null : _lastFailureStatus);
        }
    }

    internal static bool CountsAgainstTarget(int status) => status is 401 or 403 or 408 or 429 or >= 500;
}
