using System.Globalization;
using Sluice.Gateway.Pipeline;
using Sluice.Gateway.UsageRecording;

namespace Sluice.Gateway.UsageReports;

/// <summary>
/// Finds the summary groups a row counts in (one, or one per team when grouping by team), applying the exact metadata
/// filter. Built to run over a few hundred thousand rows: no allocation per row once the groups and labels exist.
/// </summary>
internal sealed class UsageGrouper
{
    private static readonly Dictionary<string, string> NoMetadata = [];
    private readonly string[] _groupBy;
    private readonly UsageFilter _filter;
    private readonly bool _needMetadata;
    private readonly int _teamIndex;
    private readonly string?[] _scratch;
    private readonly List<UsageTotals> _targets = [];
    private readonly Dictionary<string?[], UsageTotals> _groups = new(KeyComparer.Instance);
    private readonly Dictionary<string, Dictionary<string, string>> _metadata = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string[]> _teams = new(StringComparer.Ordinal);
    private readonly Dictionary<long, string> _days = [];
    private readonly Dictionary<long, string> _hours = [];

    public UsageGrouper(string[] groupBy, UsageFilter filter)
    {
        _groupBy = groupBy;
        _filter = filter;
        _scratch = new string?[groupBy.Length];
        _teamIndex = Array.IndexOf(groupBy, "team");
        _needMetadata = filter.Metadata.Count > 0 || groupBy.Any(g => g.StartsWith(UsageFilter.MetadataPrefix, StringComparison.Ordinal));
    }

    /// <summary>The totals to add the row to; empty when the metadata filter drops it. Valid until the next call.</summary>
    public List<UsageTotals> Targets(long unixMs, string model, string account, string principal, string? virtualAccount, string? teams, string? metadataJson)
    {
        _targets.Clear();
        Dictionary<string, string>? metadata = null;
        if (_needMetadata)
        {
            metadata = MetadataOf(metadataJson);
            if (!_filter.MatchesMetadata(metadata)) return _targets;
        }

        for (var i = 0; i < _groupBy.Length; i++)
        {
            _scratch[i] = _groupBy[i] switch
            {
                "day" => Label(_days, UsageRollupKey.Floor(unixMs, UsageRollupKey.DayMs), "yyyy-MM-dd"),
                "hour" => Label(_hours, UsageRollupKey.Floor(unixMs, UsageRollupKey.HourMs), "yyyy-MM-dd'T'HH':00:00Z'"),
                "model" => model,
                "account" => account,
                "user" => principal,
                "virtual_account" => virtualAccount,
                "team" => null,
                var m => metadata!.GetValueOrDefault(m[UsageFilter.MetadataPrefix.Length..]),
            };
        }

        if (_teamIndex < 0 || teams is null)
        {
            _targets.Add(Group());
            return _targets;
        }

        // A caller in several teams counts in each team's group.
        if (!_teams.TryGetValue(teams, out var names)) _teams[teams] = names = teams.Split(',');
        foreach (var team in names)
        {
            _scratch[_teamIndex] = team;
            _targets.Add(Group());
        }

        return _targets;
    }

    /// <summary>The groups ordered by their key values (null first).</summary>
    public List<(string?[] Key, UsageTotals Totals)> Result()
    {
        var result = _groups.Select(g => (g.Key, g.Value)).ToList();
        result.Sort((a, b) => KeyComparer.Instance.Compare(a.Key, b.Key));
        return result;
    }

    private UsageTotals Group()
    {
        if (!_groups.TryGetValue(_scratch, out var totals)) _groups[(string?[])_scratch.Clone()] = totals = new UsageTotals();
        return totals;
    }

    private static string Label(Dictionary<long, string> labels, long start, string format)
    {
        if (!labels.TryGetValue(start, out var label))
        {
            labels[start] = label = DateTimeOffset.FromUnixTimeMilliseconds(start).ToString(format, CultureInfo.InvariantCulture);
        }

        return label;
    }

    private Dictionary<string, string> MetadataOf(string? json)
    {
        if (string.IsNullOrEmpty(json)) return NoMetadata;
        if (!_metadata.TryGetValue(json, out var parsed)) _metadata[json] = parsed = RequestMetadata.Parse(json);
        return parsed;
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
