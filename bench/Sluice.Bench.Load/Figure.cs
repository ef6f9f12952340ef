namespace Sluice.Bench.Load;

/// <summary>One reported figure: per gateway, the per-round values and their median.</summary>
public sealed class Figure
{
    /// <summary>Creates an empty figure.</summary>
    public Figure(string id, string title, string unit, double? target, string? note = null)
    {
        Id = id;
        Title = title;
        Unit = unit;
        Target = target;
        Note = note;
    }

    /// <summary>Stable identifier used in latest.json.</summary>
    public string Id { get; }

    /// <summary>Human-readable name used in the table.</summary>
    public string Title { get; }

    /// <summary>Unit of every value (ms, µs, MB, req/s).</summary>
    public string Unit { get; }

    /// <summary>Upper bound the issue sets for Sluice, if any (lower is better for every bounded figure).</summary>
    public double? Target { get; }

    /// <summary>How the figure was measured, for the JSON.</summary>
    public string? Note { get; }

    /// <summary>How the report names <see cref="Baseline"/>; null derives it from <see cref="Id"/>.</summary>
    public string? BaselineName { get; init; }

    /// <summary>Per gateway name: one value per round.</summary>
    public Dictionary<string, List<double>> Rounds { get; } = new(StringComparer.Ordinal);

    /// <summary>Per round: the direct baseline's absolute value the gateway values were compared with, if any.</summary>
    public List<double> Baseline { get; } = [];

    /// <summary>Adds one round's value for a gateway.</summary>
    public void Add(string gateway, double value)
    {
        if (!Rounds.TryGetValue(gateway, out var list))
        {
            list = [];
            Rounds[gateway] = list;
        }

        list.Add(value);
    }

    /// <summary>The median over rounds for a gateway (NaN when it was not measured).</summary>
    public double Median(string gateway) =>
        Rounds.TryGetValue(gateway, out var list) ? Percentiles.Median(list) : double.NaN;
}
