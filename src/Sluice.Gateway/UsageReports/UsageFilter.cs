using System.Globalization;
using Microsoft.AspNetCore.Http;
using Sluice.Gateway.Manifests;
using Sluice.Gateway.Pipeline;
using Sluice.Storage.Entities;

namespace Sluice.Gateway.UsageReports;

/// <summary>
/// The filters shared by <c>GET /api/v1/usage</c> and <c>/usage/summary</c>, read from the query string. Every bad
/// value (and every unknown parameter) is reported at once, by parameter name.
/// </summary>
internal sealed class UsageFilter
{
    public const string MetadataPrefix = "metadata.";

    public long? FromMs { get; private set; }

    public long? ToMs { get; private set; }

    public string? Model { get; private set; }

    /// <summary>A principal id (<c>user:alice@example.com</c>, <c>virtualaccount:bot</c>).</summary>
    public string? User { get; private set; }

    public string? Team { get; private set; }

    public string? Account { get; private set; }

    public int? Status { get; private set; }

    /// <summary>True for <c>status=error</c> (400 and above), false for <c>status=success</c>.</summary>
    public bool? Failed { get; private set; }

    public List<KeyValuePair<string, string>> Metadata { get; } = [];

    /// <summary>Reads the filters; <paramref name="extra"/> names the endpoint's own parameters (read elsewhere).</summary>
    public static UsageFilter Parse(IQueryCollection query, IReadOnlyCollection<string> extra, List<(int? Document, ValidationProblem Problem)> problems)
    {
        var filter = new UsageFilter();
        foreach (var (name, values) in query)
        {
            if (values.Count > 1 && !name.StartsWith(MetadataPrefix, StringComparison.Ordinal))
            {
                problems.Add((null, new ValidationProblem(name, $"'{name}' was given {values.Count} times; give it once.")));
                continue;
            }

            var value = values.ToString();
            switch (name)
            {
                case "from": filter.FromMs = Time(name, value, problems); break;
                case "to": filter.ToMs = Time(name, value, problems); break;
                case "model": filter.Model = NonEmpty(name, value, problems); break;
                case "user": filter.User = NonEmpty(name, value, problems) is { } u ? (u.Contains(':', StringComparison.Ordinal) ? u : "user:" + u) : null; break;
                case "team": filter.Team = NonEmpty(name, value, problems); break;
                case "account": filter.Account = NonEmpty(name, value, problems); break;
                case "status": filter.ReadStatus(value, problems); break;
                default:
                    if (name.StartsWith(MetadataPrefix, StringComparison.Ordinal) && name.Length > MetadataPrefix.Length)
                    {
                        foreach (var v in values) filter.Metadata.Add(new(name[MetadataPrefix.Length..], v ?? ""));
                    }
                    else if (!extra.Contains(name))
                    {
                        problems.Add((null, new ValidationProblem(name, $"Unknown parameter '{name}'.",
                            "Filters: from, to, model, user, team, account, status, metadata.KEY.")));
                    }

                    break;
            }
        }

        if (filter.FromMs is { } f && filter.ToMs is { } t && f >= t)
        {
            problems.Add((null, new ValidationProblem("to", "'to' must be later than 'from'.")));
        }

        return filter;
    }

    public IQueryable<UsageRecordEntity> Apply(IQueryable<UsageRecordEntity> q, long? fromMs, long? toMs)
    {
        if (fromMs is { } f) q = q.Where(u => u.UnixMs >= f);
        if (toMs is { } t) q = q.Where(u => u.UnixMs < t);
        if (Model is { } model) q = q.Where(u => u.Model == model);
        if (User is { } user) q = q.Where(u => u.PrincipalId == user);
        if (Account is { } account) q = q.Where(u => u.Account == account);
        if (Team is { } team)
        {
            var delimited = "," + team + ",";
            q = q.Where(u => ("," + u.Teams + ",").Contains(delimited));
        }

        if (Status is { } status) q = q.Where(u => u.Status == status);
        if (Failed == true) q = q.Where(u => u.Status >= 400);
        if (Failed == false) q = q.Where(u => u.Status < 400);
        foreach (var (key, value) in Metadata)
        {
            // A cheap pre-filter in SQL on the compact JSON; MatchesMetadata makes it exact.
            var fragment = RequestMetadata.Fragment(key, value);
            q = q.Where(u => u.Metadata!.Contains(fragment));
        }

        return q;
    }

    /// <summary>The rollup rows of one period length whose period starts in [from, to).</summary>
    public IQueryable<UsageRollupEntity> Apply(IQueryable<UsageRollupEntity> q, long periodMs, long from, long to)
    {
        q = q.Where(u => u.PeriodMs == periodMs && u.StartUnixMs >= from && u.StartUnixMs < to);
        if (Model is { } model) q = q.Where(u => u.Model == model);
        if (User is { } user) q = q.Where(u => u.PrincipalId == user);
        if (Account is { } account) q = q.Where(u => u.Account == account);
        if (Team is { } team)
        {
            var delimited = "," + team + ",";
            q = q.Where(u => ("," + u.Teams + ",").Contains(delimited));
        }

        if (Status is { } status) q = q.Where(u => u.Status == status);
        if (Failed == true) q = q.Where(u => u.Status >= 400);
        if (Failed == false) q = q.Where(u => u.Status < 400);
        foreach (var (key, value) in Metadata)
        {
            var fragment = RequestMetadata.Fragment(key, value);
            q = q.Where(u => u.Metadata.Contains(fragment));
        }

        return q;
    }

    /// <summary>The exact metadata check behind the SQL pre-filter.</summary>
    public bool MatchesMetadata(IReadOnlyDictionary<string, string> metadata)
    {
        foreach (var (key, value) in Metadata)
        {
            if (!metadata.TryGetValue(key, out var actual) || actual != value) return false;
        }

        return true;
    }

    private void ReadStatus(string value, List<(int? Document, ValidationProblem Problem)> problems)
    {
        if (value == "error") Failed = true;
        else if (value == "success") Failed = false;
        else if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var code) && code is >= 100 and <= 599) Status = code;
        else problems.Add((null, new ValidationProblem("status", $"'status' must be an HTTP status (100 to 599), 'success' or 'error', not '{value}'.")));
    }

    private static long? Time(string name, string value, List<(int? Document, ValidationProblem Problem)> problems)
    {
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            return time.ToUnixTimeMilliseconds();
        }

        problems.Add((null, new ValidationProblem(name, $"'{name}' must be an ISO 8601 time such as 2026-12-01 or 2026-12-01T09:30:00Z, not '{value}'.")));
        return null;
    }

    private static string? NonEmpty(string name, string value, List<(int? Document, ValidationProblem Problem)> problems)
    {
        if (value.Length > 0) return value;
        problems.Add((null, new ValidationProblem(name, $"'{name}' is empty.")));
        return null;
    }
}
