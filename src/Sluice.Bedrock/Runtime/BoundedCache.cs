using System.Collections.Concurrent;

namespace Sluice.Bedrock.Runtime;

/// <summary>
/// A thread-safe cache of values that are cheap to rebuild and few in practice (signing keys, model URIs): when it
/// reaches its capacity it is emptied, which is simpler than LRU and costs one rebuild per entry.
/// </summary>
internal sealed class BoundedCache<TKey, TValue>(int capacity, IEqualityComparer<TKey>? comparer = null)
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, TValue> _items = new(comparer);

    public int Count => _items.Count;

    public TValue GetOrAdd<TState>(TKey key, Func<TKey, TState, TValue> create, TState state)
    {
        if (_items.TryGetValue(key, out var cached)) return cached;
        var value = create(key, state);
        if (_items.Count >= capacity) _items.Clear();
        _items[key] = value;
        return value;
    }
}
