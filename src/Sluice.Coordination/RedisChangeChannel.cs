using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Sluice.Coordination;

/// <summary>
/// Configuration-change notifications over Redis pub/sub (channel <see cref="Channel"/>). Watches the connection:
/// a loss is logged once as a warning (not per change or request) and shows in <see cref="IsConnected"/>.
/// </summary>
public sealed partial class RedisChangeChannel : IChangeChannel
{
    public static readonly RedisChannel Channel = RedisChannel.Literal("sluice:config-changed");

    private readonly IConnectionMultiplexer _redis;
    private readonly ILogger<RedisChangeChannel> _logger;
    private int _warned;

    public RedisChangeChannel(IConnectionMultiplexer redis, ILogger<RedisChangeChannel> logger)
    {
        _redis = redis;
        _logger = logger;
        if (!redis.IsConnected && Interlocked.Exchange(ref _warned, 1) == 0)
        {
            LogUnreachable(_logger, "not connected at start");
        }

        // The multiplexer raises these per connection (interactive and subscription): one warning per outage, not per event.
        redis.ConnectionFailed += (_, e) =>
        {
            if (Interlocked.Exchange(ref _warned, 1) == 0) LogUnreachable(_logger, e.FailureType.ToString());
        };
        redis.ConnectionRestored += (_, _) =>
        {
            if (redis.IsConnected && Interlocked.Exchange(ref _warned, 0) == 1) LogRestored(_logger);
        };
    }

    /// <summary>The multiplexer's own view, read live (its first connection completes without a "restored" event).</summary>
    public bool IsConnected => _redis.IsConnected;

    public void Publish(long version)
    {
        try
        {
            // Fire and forget: the admin call that made the change does not wait on Redis either.
            _redis.GetSubscriber().Publish(Channel, version, CommandFlags.FireAndForget);
        }
        catch (RedisException)
        {
            // Unreachable: the connection watcher has logged it; the other instances find the change by polling.
        }
    }

    public void Subscribe(Action changed)
    {
        // Subscriptions are restored by the multiplexer after a reconnect; the restore callback covers the gap.
        _redis.GetSubscriber().Subscribe(Channel, (_, _) => changed());
        _redis.ConnectionRestored += (_, _) => changed();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis is unreachable ({Reason}): serving on, configuration changes reach this instance by polling until it is back")]
    private static partial void LogUnreachable(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Redis is reachable again: configuration changes are notified at once")]
    private static partial void LogRestored(ILogger logger);
}
