using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Sluice.Core.Access;
using Sluice.Gateway.Manifests;
using Sluice.Gateway.Snapshots;
using Sluice.Gateway.UsageReports;
using Sluice.Storage;
using Sluice.Storage.Entities;

namespace Sluice.Gateway.Admin;

/// <summary>
/// <c>GET /api/v1/usage</c> (records, newest first, paged by cursor) and <c>GET /api/v1/usage/summary</c> (sums per
/// group). Both take the same filters and answer CSV to <c>Accept: text/csv</c>. Callers see their own usage; tenant
/// admins see everyone's. The list also takes <c>request_id</c>: the records of one call (a virtual model's failed
/// attempts have records of their own), for the UI's request detail and the Playground's cost.
/// </summary>
internal static class UsageEndpoints
{
    private static readonly string[] ListParameters = ["limit", "cursor", "request_id"];
    private static readonly string[] SummaryParameters = ["group_by"];

    private static readonly string[] RecordColumns =
    [
        "request_id", "timestamp", "principal", "model", "account", "upstream_model_id", "region", "operation", "status",
        "prompt_tokens", "completion_tokens", "cached_tokens", "cache_write_tokens", "images", "cost_usd", "price_scope",
        "private_cost", "latency_ms", "ttft_ms", "error_code", "teams", "api_key_id", "virtual_account", "end_user", "metadata",
        "resolved_model", "attempts",
    ];

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/usage", ListAsync);
        api.MapGet("/usage/summary", SummaryAsync);
    }

    private static async Task<IResult> ListAsync(HttpContext http, IDbContextFactory<SluiceDbContext> dbFactory, SnapshotHolder holder)
    {
        var problems = new List<(int? Document, ValidationProblem Problem)>();
        var filter = UsageFilter.Parse(http.Request.Query, ListParameters, problems);
        var limit = 100;
        if (http.Request.Query.TryGetValue("limit", out var limitText)
            && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > 1000))
        {
            problems.Add((null, new ValidationProblem("limit", $"'limit' must be a whole number from 1 to 1000, not '{limitText}'.")));
        }

        long? before = null;
        if (http.Request.Query.TryGetValue("cursor", out var cursorText))
        {
            before = DecodeCursor(cursorText.ToString());
            if (before is null) problems.Add((null, new ValidationProblem("cursor", "'cursor' is not a cursor this endpoint gave out (use next_cursor as it is).")));
        }

        string? requestId = null;
        if (http.Request.Query.TryGetValue("request_id", out var requestIdText))
        {
            requestId = requestIdText.ToString();
            if (!Pipeline.RequestIds.IsSane(requestId))
            {
                problems.Add((null, new ValidationProblem("request_id", "'request_id' must be a request id as the gateway gave it in x-request-id (letters, digits, '.', '_', '-').")));
            }
        }

        if (problems.Count > 0) return await AdminJson.ProblemsAsync(http, problems);

        await using var db = await dbFactory.CreateDbContextAsync(http.RequestAborted);
        var query = filter.Apply(db.UsageRecords.AsNoTracking(), filter.FromMs, filter.ToMs);
        if (OwnOnly(http, holder) is { } principal) query = query.Where(u => u.PrincipalId == principal);
        // Not indexed: callers narrow it with from/to (the time index), as the UI does with the time it knows.
        if (requestId is not null) query = query.Where(u => u.RequestId == requestId);
        if (before is { } b) query = query.Where(u => u.Id < b);

        // One row more than asked tells whether there is a next page.
        var rows = await query.OrderByDescending(u => u.Id).Take(limit + 1).ToListAsync(http.RequestAborted);
        string? next = null;
        if (rows.Count > limit)
        {
            rows.RemoveAt(limit);
            next = EncodeCursor(rows[^1].Id);
        }

        var shown = rows.Where(u => filter.Metadata.Count == 0 || filter.MatchesMetadata(Pipeline.RequestMetadata.Parse(u.Metadata))).Select(ValuesOf);
        if (UsageTable.WantsCsv(http.Request))
        {
            await UsageTable.WriteCsvAsync(http, RecordColumns, shown, next);
        }
        else
        {
            await UsageTable.WriteJsonAsync(http, RecordColumns, shown, w =>
            {
                if (next is null) w.WriteNull("next_cursor"); else w.WriteString("next_cursor", next);
            });
        }

        return Results.Empty;
    }

    private static async Task<IResult> SummaryAsync(HttpContext http, IDbContextFactory<SluiceDbContext> dbFactory, SnapshotHolder holder, Pipeline.LimitGate gate)
    {
        var problems = new List<(int? Document, ValidationProblem Problem)>();
        var filter = UsageFilter.Parse(http.Request.Query, SummaryParameters, problems);
        var groupBy = UsageSummary.ParseGroupBy(http.Request.Query["group_by"].ToString(), problems);
        if (problems.Count > 0) return await AdminJson.ProblemsAsync(http, problems);

        await using var db = await dbFactory.CreateDbContextAsync(http.RequestAborted);
        var groups = await UsageSummary.ComputeAsync(db, filter, groupBy!, OwnOnly(http, holder), http.RequestAborted);
        var columns = groupBy!.Concat(UsageSummary.Columns).ToArray();
        var rows = groups.Select(g => g.Key.Cast<object?>().Concat(UsageSummary.ValuesOf(g.Totals)).ToArray());
        var wantsCsv = UsageTable.WantsCsv(http.Request);
        // A table has no room for them: the budgets come with the JSON answer only.
        var budgets = wantsCsv ? [] : await BudgetsInScopeAsync(http, holder, gate, filter, groupBy!, groups);
        if (wantsCsv)
        {
            await UsageTable.WriteCsvAsync(http, columns, rows);
        }
        else
        {
            await UsageTable.WriteJsonAsync(http, columns, rows, w =>
            {
                w.WriteStartArray("group_by");
                foreach (var g in groupBy!) w.WriteStringValue(g);
                w.WriteEndArray();
                w.WriteStartArray("budgets");
                foreach (var row in budgets) Limits.LimitUsage.Write(w, row, gate.Checker);
                w.WriteEndArray();
            });
        }

        return Results.Empty;
    }

    /// <summary>
    /// The budgets the summary's subjects spend against, in their current period: the caller's own (a caller who sees only
    /// their usage), the <c>user</c> filter's, the <c>team</c> filter's members', the users grouped by, or else every
    /// budget shared by all its callers. The <c>model</c> and <c>metadata.KEY</c> filters narrow them as a call would.
    /// </summary>
    private static async Task<List<Limits.LimitUsageRow>> BudgetsInScopeAsync(HttpContext http, SnapshotHolder holder, Pipeline.LimitGate gate,
        UsageFilter filter, string[] groupBy, List<(string?[] Key, UsageRecording.UsageTotals Totals)> groups)
    {
        var snapshot = holder.Current;
        if (snapshot.Limits is not Sluice.Limits.Rules.LimitSet set || set.BudgetsV1.Length + set.BudgetsV2.Length == 0) return [];
        List<Principal>? principals = null;
        var userColumn = Array.IndexOf(groupBy, "user");
        if (OwnOnly(http, holder) is not null) principals = [AdminAuthorization.PrincipalOf(http)];
        else if (filter.User is { } user) principals = PrincipalById(snapshot, user) is { } p ? [p] : [];
        else if (filter.Team is { } team) principals = Limits.LimitUsage.MembersOf(snapshot.Access.ActiveUsers, team);
        else if (userColumn >= 0)
        {
            principals = [];
            foreach (var id in groups.Select(g => g.Key[userColumn]).Distinct(StringComparer.Ordinal))
            {
                if (id is not null && PrincipalById(snapshot, id) is { } p) principals.Add(p);
            }
        }

        var route = filter.Model is { } m && snapshot.Models.TryGetValue(m, out var r) ? r : null;
        Dictionary<string, string>? metadata = null;
        foreach (var (key, value) in filter.Metadata) (metadata ??= new(StringComparer.Ordinal))[key] = value;
        return await Limits.LimitUsage.BudgetsAsync(gate.Checker, set, principals, route?.FullName ?? filter.Model, route?.Account ?? "", metadata);
    }

    private static Principal? PrincipalById(Sluice.Core.Configuration.GatewaySnapshot snapshot, string id) =>
        id.StartsWith(Subject.UserPrefix, StringComparison.Ordinal) ? snapshot.Access.PrincipalFor(id[Subject.UserPrefix.Length..])
        : id.StartsWith(Subject.VirtualAccountPrefix, StringComparison.Ordinal) ? snapshot.Access.PrincipalForVirtualAccount(id[Subject.VirtualAccountPrefix.Length..])
        : null;

    /// <summary>The caller's principal id when they may read only their own usage; null for tenant admins.</summary>
    private static string? OwnOnly(HttpContext http, SnapshotHolder holder) =>
        AdminAuthorization.Decide(http, holder, AdminAction.ReadAllUsage).IsAllowed ? null : AdminAuthorization.PrincipalOf(http).Id;

    private static object?[] ValuesOf(UsageRecordEntity u) =>
    [
        u.RequestId, u.Timestamp, u.PrincipalId, u.Model, u.Account, u.UpstreamModelId, u.Region, u.Operation, u.Status,
        u.PromptTokens, u.CompletionTokens, u.CachedTokens, u.CacheWriteTokens, u.Images, u.CostUsd, u.PriceScope,
        u.PrivateCost, u.LatencyMs, u.TimeToFirstTokenMs, u.ErrorCode, u.Teams?.Split(',') ?? [], u.ApiKeyId, u.VirtualAccount,
        u.EndUser, u.Metadata is null ? null : new UsageTable.RawJson(u.Metadata), u.ResolvedModel, u.Attempts,
    ];

    // Opaque to callers: "u" and the last id shown, base64url. Only the ids' order is relied on.
    private static string EncodeCursor(long id) =>
        Base64Url.EncodeToString(Encoding.ASCII.GetBytes("u" + id.ToString(CultureInfo.InvariantCulture)));

    private static long? DecodeCursor(string cursor)
    {
        try
        {
            var text = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(cursor));
            return text.StartsWith('u') && long.TryParse(text.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
