using System.Collections.Concurrent;

namespace Sluice.Core.Routing;

/// <summary>
/// Session key → pinned target index with an expiry. Bounded: past <see cref="MaxEntries"/> expired pins are swept,
/// and while it is still full new sessions are routed by weight without being pinned.
/// </summary>
public sealed class StickySessions(StickyRouting settings, TimeProvider time)
{
    public const int MaxEntries = 100_000;

    private readonly ConcurrentDictionary<string, (int Target, long Until)> _pins = new(StringComparer.Ordinal);

    public StickyRouting Settings { get; } = settings;

    /// <summary>The session key from the request's headers and metadata, or null when it carries none of them.</summary>
    public string? KeyOf(RouteCall call)
    {
        var ids = Settings.Identifiers;
        string? key = null;
        for (var i = 0; i < ids.Length; i++)
        {
            var value = ids[i].FromMetadata
                ? (call.Metadata is { } m && m.TryGetValue(ids[i].Key, out var v) ? v : null)
                : call.Header(ids[i].Key);
            if (string.IsNullOrEmpty(value)) continue;
            // The identifier's position keeps "a" from header 1 apart from "a" from header 2.
            key = string.Concat(key, i.ToString(System.Globalization.CultureInfo.InvariantCulture), "\u001f", value, "\u001e");
        }

        return key;
    }

    public int PinnedTarget(string key)
    {
        if (!_pins.TryGetValue(key, out var pin)) return -1;
        if (time.GetTimestamp() < pin.Until) return pin.Target;
        _pins.TryRemove(KeyValuePair.Create(key, pin));
        return -1;
    }

    /// <summary>Pins <paramref name="key"/> to <paramref name="target"/> for the TTL, unless it already is.</summary>
    public void Pin(string key, int target)
    {
        var now = time.GetTimestamp();
        if (_pins.TryGetValue(key, out var pin) && pin.Target == target && now < pin.Until) return;
        if (_pins.Count >= MaxEntries && !Sweep(now)) return;
        _pins[key] = (target, now + (long)(Settings.Ttl.TotalSeconds * time.TimestampFrequency));
    }

    private bool Sweep(long now)
    {
        foreach (var (key, pin) in _pins)
        {
            if (now >= pin.Until) _pins.TryRemove(KeyValuePair.Create(key, pin));
        }

        return _pins.Count < MaxEntries;
    }
}
