namespace Sluice.Bench.Load;

/// <summary>What one open-loop run against one target measured.</summary>
public sealed class RunResult
{
    /// <summary>Creates an empty result for <paramref name="count"/> scheduled requests.</summary>
    public RunResult(int count)
    {
        LatencyMs = new double[count];
        TtftMs = new double[count];
        Gaps = new List<double>[count];
    }

    /// <summary>Per request: completion time minus scheduled send time, ms (NaN when failed).</summary>
    public double[] LatencyMs { get; }

    /// <summary>Per stream: first content chunk time minus scheduled send time, ms (NaN when failed or not a stream).</summary>
    public double[] TtftMs { get; }

    /// <summary>Per stream: gaps between consecutive content chunks, ms.</summary>
    public List<double>?[] Gaps { get; }

    /// <summary>Requests that failed (status, transport error or a malformed answer).</summary>
    public int Errors;

    /// <summary>First error message seen, for the log.</summary>
    public string? FirstError { get; set; }

    /// <summary>Gateway CPU microseconds spent during the run (NaN for the direct baseline).</summary>
    public double CpuMicroseconds { get; set; } = double.NaN;

    /// <summary>Wall time from the first scheduled send to the last completion, seconds.</summary>
    public double WallSeconds { get; set; }

    /// <summary>Records a failure (thread-safe).</summary>
    public void Fail(string message)
    {
        Interlocked.Increment(ref Errors);
        FirstError ??= message;
    }

    /// <summary>Latency percentiles over successful requests.</summary>
    public Percentiles Latency() => new(Finite(LatencyMs));

    /// <summary>Time-to-first-token percentiles over successful streams.</summary>
    public Percentiles Ttft() => new(Finite(TtftMs));

    /// <summary>Inter-chunk gap percentiles over every stream.</summary>
    public Percentiles Gap()
    {
        var all = new List<double>();
        foreach (var g in Gaps)
        {
            if (g is not null)
            {
                all.AddRange(g);
            }
        }

        return new Percentiles(all.ToArray());
    }

    private static double[] Finite(double[] values)
    {
        var list = new List<double>(values.Length);
        foreach (var v in values)
        {
            if (!double.IsNaN(v))
            {
                list.Add(v);
            }
        }

        return list.ToArray();
    }
}
