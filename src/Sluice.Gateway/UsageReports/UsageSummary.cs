using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Sluice.Gateway.Pipeline;
using Sluice.Gateway.UsageRecording;
using Sluice.Storage;

namespace Sluice.Gateway.UsageReports;

/// <summary>
/// <c>GET /api/v1/usage/summary</c>: usage summed per group. Whole hours are read from the hourly rollups; the
/// partial hours at the edges of <c>from</c>/<c>to</c> from the records themselves, so the sums are exact for any
/// window and the cost of a query grows with the number of rollup rows, not of records.
/// </summary>
internal static class UsageSummary
{
    public static readonly string[] Dimensions = ["day", "hour", "model", "account", "user", "team", "virtual_account"];

    public static readonly string[] Columns =
    [
        "requests", "errors", "prompt_tokens", "completion_tokens", "cached_tokens", "cache_write_tokens", "images",
        "cost_usd", "unknown_cost_requests", "latency_p50_ms", "latency_p95_ms", "ttft_p50_ms", "ttft_p95_ms",
    ];

    /// <summary>Checks <c>group_by</c>; returns the dimensions or null after adding a problem.</summary>
    public static string[]? ParseGroupBy(string? text, List<(int? Document, Manifests.ValidationProblem Problem)> problems)
    {
        if (string.IsNullOrWhiteSpace(text)) return [];
        var dims = text.Split(',', StringSplitOptions.TrimEntries);
        foreach (var d in dims)
        {
            var valid = Array.IndexOf(Dimensions, d) >= 0 || (d.StartsWith(UsageFilter.MetadataPrefix, StringComparison.Ordinal) && d.Length > UsageFilter.MetadataPrefix.Length);
            if (!valid)
            {
                problems.Add((null, new Manifests.ValidationProblem("group_by", $"Cannot group by '{d}'.",
                    "Group by any of day, hour, model, account, user, team, virtual_account, metadata.KEY (comma-separated).")));
                return null;
            }
        }

        if (dims.Distinct(StringComparer.Ordinal).Count() != dims.Length)
        {
            problems.Add((null, new Manifests.ValidationProblem("group_by", "A dimension appears twice in 'group_by'.")));
            return null;
        }

        return dims;
    }

    /// <summary>The groups, ordered by their key values; <paramref name="principal"/> limits to one caller's usage.</summary>
    public static async Task<List<(string?[] Key, UsageTotals Totals)>> ComputeAsync(
        SluiceDbContext db, UsageFilter filter, string[] groupBy, string? principal, CancellationToken ct)
    {
        var groups = new Dictionary<string?[], UsageTotals>(KeyComparer.Instance);
        var metadataCache = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        var needMetadata = filter.Metadata.Count > 0 || groupBy.Any(g => g.StartsWith(UsageFilter.MetadataPrefix, StringComparison.Ordinal));

        // Whole hours [lo, hi) come from the rollups; the rest of [from, to) from the records.
        var lo = filter.FromMs is { } f ? CeilHour(f) : long.MinValue;
        var hi = filter.ToMs is { } t ? UsageRollupKey.HourOf(t) : long.MaxValue;
        if (lo < hi)
        {
            var rollups = filter.Apply(db.UsageHourly.AsNoTracking(), lo, hi);
            if (principal is not null) rollups = rollups.Where(u => u.PrincipalId == principal);
            var rows = rollups.Select(u => new
            {
                u.HourUnixMs, u.Model, u.Account, u.PrincipalId, u.VirtualAccount, u.Teams, u.Status, u.Metadata, u.Requests,
                u.PromptTokens, u.CompletionTokens, u.CachedTokens, u.CacheWriteTokens, u.Images, u.CostUsd, u.UnknownCost, u.Latency, u.TimeToFirstToken,
            }).AsAsyncEnumerable();
            await foreach (var r in rows.WithCancellation(ct))
            {
                var metadata = needMetadata ? MetadataOf(r.Metadata.Length == 0 ? null : r.Metadata, metadataCache) : null;
                if (metadata is not null && !filter.MatchesMetadata(metadata)) continue;
                foreach (var key in KeysOf(groupBy, r.HourUnixMs, r.Model, r.Account, r.PrincipalId, Empty(r.VirtualAccount), Empty(r.Teams), metadata))
                {
                    Group(groups, key).Add(r.Status, r.Requests, r.PromptTokens, r.CompletionTokens, r.CachedTokens, r.CacheWriteTokens, r.Images,
                        r.CostUsd, r.UnknownCost, r.Latency, r.TimeToFirstToken);
                }
            }
        }

        foreach (var (from, to) in Edges(filter.FromMs, filter.ToMs, lo, hi))
        {
            var records = filter.Apply(db.UsageRecords.AsNoTracking(), from, to);
            if (principal is not null) records = records.Where(u => u.PrincipalId == principal);
            var rows = records.Select(u => new
            {
                u.UnixMs, u.Model, u.Account, u.PrincipalId, u.VirtualAccount, u.Teams, u.Status, u.Metadata, u.PromptTokens,
                u.CompletionTokens, u.CachedTokens, u.CacheWriteTokens, u.Images, u.CostUsd, u.LatencyMs, u.TimeToFirstTokenMs,
            }).AsAsyncEnumerable();
            await foreach (var r in rows.WithCancellation(ct))
            {
                var metadata = needMetadata ? MetadataOf(r.Metadata, metadataCache) : null;
                if (metadata is not null && !filter.MatchesMetadata(metadata)) continue;
                foreach (var key in KeysOf(groupBy, r.UnixMs, r.Model, r.Account, r.PrincipalId, r.VirtualAccount, r.Teams, metadata))
                {
                    Group(groups, key).Add(r.Status, r.PromptTokens, r.CompletionTokens, r.CachedTokens, r.CacheWriteTokens, r.Images,
                        r.CostUsd, r.LatencyMs, r.TimeToFirstTokenMs);
                }
            }
        }

        var result = groups.Select(g => (g.Key, g.Value)).ToList();
        result.Sort((a, b) => KeyComparer.Instance.Compare(a.Key, b.Key));
        return result;
    }

    /// <summary>The value of each column (<see cref="Columns"/>) for one group.</summary>
    public static object?[] ValuesOf(UsageTotals t) =>
    [
        t.Requests, t.Errors, t.PromptTokens, t.CompletionTokens, t.CachedTokens, t.CacheWriteTokens, t.Images,
        // A group whose every request is unknown has an unknown cost, not a cost of 0.
        t.UnknownCost == t.Requests && t.Requests > 0 ? null : t.CostUsd,
        t.UnknownCost, t.Latency.Percentile(0.5), t.Latency.Percentile(0.95),
        t.TimeToFirstToken.Percentile(0.5), t.TimeToFirstToken.Percentile(0.95),
    ];

    private static IEnumerable<(long From, long To)> Edges(long? from, long? to, long lo, long hi)
    {
        if (from is { } f && to is { } t && lo >= hi)
        {
            yield return (f, t);
            yield break;
        }

        if (from is { } f2 && f2 < lo) yield return (f2, lo);
        if (to is { } t2 && hi < t2) yield return (hi, t2);
    }

    private static long CeilHour(long ms)
    {
        var hour = UsageRollupKey.HourOf(ms);
        return hour == ms ? ms : hour + UsageRollupKey.HourMs;
    }

    private static string? Empty(string value) => value.Length == 0 ? null : value;

    private static Dictionary<string, string> MetadataOf(string? json, Dictionary<string, Dictionary<string, string>> cache)
    {
        if (json is null) return NoMetadata;
        if (!cache.TryGetValue(json, out var parsed)) cache[json] = parsed = RequestMetadata.Parse(json);
        return parsed;
    }

    private static readonly Dictionary<string, string> NoMetadata = [];

    private static UsageTotals Group(Dictionary<string?[], UsageTotals> groups, string?[] key)
    {
        if (!groups.TryGetValue(key, out var totals)) groups[key] = totals = new UsageTotals();
        return totals;
    }

    /// <summary>The group keys a row counts in: one, or one per team when grouping by team.</summary>
    private static IEnumerable<string?[]> KeysOf(string[] groupBy, long unixMs, string model, string account, string principal,
        string? virtualAccount, string? teams, Dictionary<string, string>? metadata)
    {
        var key = new string?[groupBy.Length];
        var teamIndex = -1;
        for (var i = 0; i < groupBy.Length; i++)
        {
            key[i] = groupBy[i] switch
            {
                "day" => DateTimeOffset.FromUnixTimeMilliseconds(unixMs).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                "hour" => DateTimeOffset.FromUnixTimeMilliseconds(UsageRollupKey.HourOf(unixMs)).ToString("yyyy-MM-dd'T'HH':00:00Z'", CultureInfo.InvariantCulture),
                "model" => model,
                "account" => account,
                "user" => principal,
                "virtual_account" => virtualAccount,
                "team" => null,
                var m => metadata!.GetValueOrDefault(m[UsageFilter.MetadataPrefix.Length..]),
            };
            if (groupBy[i] == "team") teamIndex = i;
        }

        if (teamIndex < 0 || teams is null)
        {
            yield return key;
            yield break;
        }

        // A caller in several teams counts in each team's group.
        foreach (var team in teams.Split(','))
        {
            var copy = (string?[])key.Clone();
            copy[teamIndex] = team;
            yield return copy;
        }
    }

    private sealed class KeyComparer : IEqualityComparer<string?[]>, IComparer<string?[]>
    {
        public static readonly KeyComparer Instance = new();

        public bool Equals(string?[]? x, string?[]? y) => Compare(x, y) == 0;

        public int GetHashCode(string?[] obj)
        {
            var hash = new HashCode();
            foreach (var s in obj) hash.Add(s, StringComparer.Ordinal);
            return hash.ToHashCode();
        }

        public int Compare(string?[]? x, string?[]? y)
        {
            for (var i = 0; i < x!.Length; i++)
            {
                var c = string.CompareOrdinal(x[i], y![i]);
                if (c != 0) return c;
            }

            return 0;
        }
    }
}
