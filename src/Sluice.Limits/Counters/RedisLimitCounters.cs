using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Sluice.Limits.Counters;

/// <summary>
/// Counters in Redis, shared by every instance: one Lua script adds all of a call's charges and returns the totals
/// (one round trip); settlements and roll-backs are sent without waiting. When Redis cannot be reached the counters
/// fall back to this process (one warning per outage, <see cref="Fallbacks"/> counts the calls) and calls never fail;
/// Redis is tried again after <see cref="RetryAfter"/>.
/// </summary>
public sealed partial class RedisLimitCounters : ILimitCounters, IAsyncDisposable
{
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    // INCRBY each key; a key without expiry (new) gets the end of its window. TTL keeps Redis 6 compatibility (no EXPIRE NX).
    private const string Script = """
        local r = {}
        for i, key in ipairs(KEYS) do
          local v = redis.call('INCRBY', key, ARGV[2 * i - 1])
          if redis.call('TTL', key) == -1 then redis.call('EXPIREAT', key, ARGV[2 * i]) end
          r[i] = v
        end
        return r
        """;

    private readonly string _configuration;
    private readonly InMemoryLimitCounters _local;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _connecting = new(1, 1);
    private ConnectionMultiplexer? _redis;
    private long _downUntilTicks;
    private int _warned;
    private long _fallbacks;

    public RedisLimitCounters(string configuration, TimeProvider time, ILogger logger)
    {
        _configuration = configuration;
        _time = time;
        _logger = logger;
        _local = new InMemoryLimitCounters(time);
    }

    /// <summary>How many counter operations went to local counters because Redis was unreachable.</summary>
    public long Fallbacks => Interlocked.Read(ref _fallbacks);

    public async ValueTask<long[]> AddAsync(CounterCharge[] charges)
    {
        var db = await DatabaseAsync();
        if (db is not null)
        {
            try
            {
                var result = (RedisResult[])(await db.ScriptEvaluateAsync(Script, Keys(charges), Args(charges)))!;
                var totals = new long[charges.Length];
                for (var i = 0; i < totals.Length; i++)
                {
                    totals[i] = (long)result[i];
                    // Mirrors what all instances counted, so an outage starts from there rather than from zero.
                    _local.Set(charges[i].Key, totals[i], charges[i].Expires);
                }

                Interlocked.Exchange(ref _warned, 0);
                return totals;
            }
            catch (Exception e) when (e is RedisException or TimeoutException or ObjectDisposedException)
            {
                Down(e);
            }
        }

        Interlocked.Increment(ref _fallbacks);
        return await _local.AddAsync(charges);
    }

    public void AddInBackground(CounterCharge[] charges)
    {
        _local.AddInBackground(charges);
        if (IsDown() || _redis is not { IsConnected: true } redis) return;
        try
        {
            redis.GetDatabase().ScriptEvaluate(Script, Keys(charges), Args(charges), CommandFlags.FireAndForget);
        }
        catch (Exception e) when (e is RedisException or TimeoutException or ObjectDisposedException)
        {
            Down(e);
        }
    }

    public async ValueTask<long> ReadAsync(string key)
    {
        var db = await DatabaseAsync();
        if (db is null) return await _local.ReadAsync(key);
        try
        {
            var value = await db.StringGetAsync(key);
            return value.IsNull ? 0 : (long)value;
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            Down(e);
            return await _local.ReadAsync(key);
        }
    }

    /// <summary>
    /// SET NX with expiry at <paramref name="expires"/> (the end of the alert's period): the first instance wins. Without
    /// Redis the claim is granted, so an outage may let two instances alert (as without Redis), never none.
    /// </summary>
    public async ValueTask<bool> ClaimAcrossInstancesAsync(string key, DateTimeOffset expires)
    {
        var db = await DatabaseAsync();
        if (db is null) return true;
        var ttl = expires - _time.GetUtcNow();
        try
        {
            return await db.StringSetAsync(key, 1, ttl > TimeSpan.Zero ? ttl : TimeSpan.FromSeconds(1), When.NotExists);
        }
        catch (Exception e) when (e is RedisException or TimeoutException or ObjectDisposedException)
        {
            Down(e);
            return true;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_redis is not null) await _redis.DisposeAsync();
    }

    private async ValueTask<IDatabase?> DatabaseAsync()
    {
        if (_redis is { IsConnected: true } ready) return ready.GetDatabase();
        if (IsDown()) return null;
        await _connecting.WaitAsync();
        try
        {
            if (_redis is null)
            {
                var options = ConfigurationOptions.Parse(_configuration);
                options.AbortOnConnectFail = false;
                options.ConnectTimeout = 1000;
                options.AsyncTimeout = 1000;
                options.SyncTimeout = 1000;
                options.ConnectRetry = 1;
                _redis = await ConnectionMultiplexer.ConnectAsync(options);
            }

            if (_redis.IsConnected) return _redis.GetDatabase();
        }
        catch (Exception e) when (e is RedisException or TimeoutException or ArgumentException)
        {
            Down(e);
            return null;
        }
        finally
        {
            _connecting.Release();
        }

        Down(null);
        return null;
    }

    private bool IsDown() => _time.GetUtcNow().UtcTicks < Interlocked.Read(ref _downUntilTicks);

    private void Down(Exception? e)
    {
        Interlocked.Exchange(ref _downUntilTicks, (_time.GetUtcNow() + RetryAfter).UtcTicks);
        if (Interlocked.Exchange(ref _warned, 1) == 0) LogUnreachable(_logger, e?.Message ?? "not connected");
    }

    private static RedisKey[] Keys(CounterCharge[] charges)
    {
        var keys = new RedisKey[charges.Length];
        for (var i = 0; i < charges.Length; i++) keys[i] = charges[i].Key;
        return keys;
    }

    private static RedisValue[] Args(CounterCharge[] charges)
    {
        var args = new RedisValue[charges.Length * 2];
        for (var i = 0; i < charges.Length; i++)
        {
            args[2 * i] = charges[i].Amount;
            args[(2 * i) + 1] = charges[i].Expires.ToUnixTimeSeconds();
        }

        return args;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis is unreachable for limit counters ({Reason}); limits use this instance's counters until it is back")]
    private static partial void LogUnreachable(ILogger logger, string reason);
}
