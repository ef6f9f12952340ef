using Microsoft.EntityFrameworkCore;
using Sluice.Gateway.UsageRecording;
using Sluice.Storage;

namespace Sluice.Gateway.UsageReports;

/// <summary>
/// <c>GET /api/v1/usage/summary</c>: usage summed per group. Whole days and hours are read from the rollups, the
/// partial hours at the edges of <c>from</c>/<c>to</c> from the records themselves (<see cref="UsageSummaryPlan"/>), so
/// the sums are exact for any window and the cost of a query grows with the number of rollup rows, not of records.
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
        var grouper = new UsageGrouper(groupBy, filter);
        foreach (var segment in UsageSummaryPlan.Of(filter.FromMs, filter.ToMs, useDays: Array.IndexOf(groupBy, "hour") < 0))
        {
            if (segment.PeriodMs == 0) await AddRecordsAsync(db, filter, principal, grouper, segment.From, segment.To, ct);
            else await AddRollupsAsync(db, filter, principal, grouper, segment, ct);
        }

        return grouper.Result();
    }

    private static async Task AddRollupsAsync(SluiceDbContext db, UsageFilter filter, string? principal, UsageGrouper grouper,
        UsageSummaryPlan.Segment segment, CancellationToken ct)
    {
        var rollups = filter.Apply(db.UsageRollups.AsNoTracking(), segment.PeriodMs, segment.From, segment.To);
        if (principal is not null) rollups = rollups.Where(u => u.PrincipalId == principal);
        var rows = rollups.Select(u => new
        {
            u.StartUnixMs, u.Model, u.Account, u.PrincipalId, u.VirtualAccount, u.Teams, u.Status, u.Metadata, u.Requests,
            u.PromptTokens, u.CompletionTokens, u.CachedTokens, u.CacheWriteTokens, u.Images, u.CostUsd, u.UnknownCost, u.Latency, u.TimeToFirstToken,
        }).AsAsyncEnumerable();
        await foreach (var r in rows.WithCancellation(ct))
        {
            foreach (var totals in grouper.Targets(r.StartUnixMs, r.Model, r.Account, r.PrincipalId, Empty(r.VirtualAccount), Empty(r.Teams), r.Metadata))
            {
                totals.Add(r.Status, r.Requests, r.PromptTokens, r.CompletionTokens, r.CachedTokens, r.CacheWriteTokens, r.Images,
                    r.CostUsd, r.UnknownCost, r.Latency, r.TimeToFirstToken);
            }
        }
    }

    private static async Task AddRecordsAsync(SluiceDbContext db, UsageFilter filter, string? principal, UsageGrouper grouper,
        long from, long to, CancellationToken ct)
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
            foreach (var totals in grouper.Targets(r.UnixMs, r.Model, r.Account, r.PrincipalId, r.VirtualAccount, r.Teams, r.Metadata))
            {
                totals.Add(r.Status, r.PromptTokens, r.CompletionTokens, r.CachedTokens, r.CacheWriteTokens, r.Images,
                    r.CostUsd, r.LatencyMs, r.TimeToFirstTokenMs);
            }
        }
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

    private static string? Empty(string value) => value.Length == 0 ? null : value;
}
