using StackExchange.Redis;

namespace Sluice.Coordination;

/// <summary>Opens the one Redis connection a gateway process shares (change notifications, rate-limit counters).</summary>
public static class RedisConnection
{
    /// <summary>
    /// Connects with a StackExchange.Redis configuration string (<c>host:port,password=…</c>). An unreachable server
    /// does not fail the start: the multiplexer keeps reconnecting in the background while the gateway serves.
    /// </summary>
    public static async Task<IConnectionMultiplexer> ConnectAsync(string configuration)
    {
        var options = Parse(configuration);
        options.AbortOnConnectFail = false;
        options.ClientName ??= "sluice";
        // Reconnect quickly after an outage (the default backs off further), so notifications resume within seconds.
        options.ReconnectRetryPolicy ??= new LinearRetry(1000);
        return await ConnectionMultiplexer.ConnectAsync(options);
    }

    /// <summary>Reads a configuration string; a bad one is an <see cref="InvalidOperationException"/> that says what is wrong.</summary>
    public static ConfigurationOptions Parse(string configuration)
    {
        try
        {
            return ConfigurationOptions.Parse(configuration);
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException($"The Redis configuration (--redis / SLUICE_REDIS) is not valid: {e.Message}", e);
        }
    }
}
