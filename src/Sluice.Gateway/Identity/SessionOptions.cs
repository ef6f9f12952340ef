namespace Sluice.Gateway.Identity;

/// <summary>How long a UI session lasts: it slides with use up to a hard limit.</summary>
public sealed record SessionOptions
{
    public static readonly SessionOptions Default = new();

    /// <summary>A session unused this long ends.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromHours(12);

    /// <summary>No session outlives this, however active.</summary>
    public TimeSpan AbsoluteLifetime { get; init; } = TimeSpan.FromDays(7);
}
