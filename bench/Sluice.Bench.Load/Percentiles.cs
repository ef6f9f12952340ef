namespace Sluice.Bench.Load;

/// <summary>Nearest-rank percentiles over a sorted copy of the samples (exact, no histogram buckets).</summary>
public sealed class Percentiles
{
    private readonly double[] _sorted;

    /// <summary>Sorts a copy of <paramref name="samples"/>.</summary>
    public Percentiles(ReadOnlySpan<double> samples)
    {
        _sorted = samples.ToArray();
        Array.Sort(_sorted);
    }

    /// <summary>Number of samples.</summary>
    public int Count => _sorted.Length;

    /// <summary>The value at quantile <paramref name="q"/> (0..1) by nearest rank; NaN when empty.</summary>
    public double At(double q)
    {
        if (_sorted.Length == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(q * _sorted.Length);
        return _sorted[Math.Clamp(rank - 1, 0, _sorted.Length - 1)];
    }

    /// <summary>Median of a small set of per-round figures (the mean of the middle two for an even count); NaN when empty.</summary>
    public static double Median(IReadOnlyList<double> values)
    {
        var finite = new List<double>(values.Count);
        foreach (var v in values)
        {
            if (!double.IsNaN(v))
            {
                finite.Add(v);
            }
        }

        if (finite.Count == 0)
        {
            return double.NaN;
        }

        finite.Sort();
        var mid = finite.Count / 2;
        return finite.Count % 2 == 1 ? finite[mid] : (finite[mid - 1] + finite[mid]) / 2;
    }
}
