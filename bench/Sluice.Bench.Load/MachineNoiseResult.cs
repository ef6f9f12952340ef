using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Sluice.Bench.Load;

/// <summary>What the machine noise probe measured, with its JSON object, its Markdown section and a one-line summary.</summary>
public sealed class MachineNoiseResult
{
    private static readonly (string Name, double Q)[] Quantiles = [("p50", 0.5), ("p90", 0.9), ("p99", 0.99), ("p99_9", 0.999), ("max", 1)];

    /// <summary>Keeps the probe's figures.</summary>
    public MachineNoiseResult(double seconds, IReadOnlyList<StallCounter> stalls, Percentiles backToBackUs, Percentiles afterIdleUs,
        string wakeCpus, string stealPercent)
    {
        Seconds = seconds;
        Stalls = stalls;
        BackToBackUs = backToBackUs;
        AfterIdleUs = afterIdleUs;
        WakeCpus = wakeCpus;
        StealPercent = stealPercent;
    }

    /// <summary>How long the probe ran, seconds.</summary>
    public double Seconds { get; }

    /// <summary>One counter per spinning thread (one per CPU).</summary>
    public IReadOnlyList<StallCounter> Stalls { get; }

    /// <summary>Wake-up round trips (two wake-ups each) one after the other, µs.</summary>
    public Percentiles BackToBackUs { get; }

    /// <summary>Wake-up round trips each after <see cref="MachineNoise.IdleMicroseconds"/> of sleep, µs.</summary>
    public Percentiles AfterIdleUs { get; }

    /// <summary>Where the wake-up threads ran ("CPU 0 wakes CPU 1", or "unpinned").</summary>
    public string WakeCpus { get; }

    /// <summary>Steal time during the probe, percent, or "n/a".</summary>
    public string StealPercent { get; }

    /// <summary>Mean over the spinning threads of the share of time lost to stalls, percent.</summary>
    public double LostPercent => Stalls.Count == 0 ? double.NaN : Stalls.Average(s => s.LostPercent);

    /// <summary>Mean over the spinning threads of the stalls of at least 1 ms per second.</summary>
    public double PerSecondOverOneMs => Stalls.Count == 0 ? double.NaN : Stalls.Average(s => s.PerSecondOverOneMs);

    /// <summary>The longest stall any spinning thread saw, ms.</summary>
    public double LongestMs => Stalls.Count == 0 ? double.NaN : Stalls.Max(s => s.LongestMs);

    /// <summary>The figures in one sentence (the line under the issue 17 table says where and when they were measured).</summary>
    public string Summary() => string.Create(CultureInfo.InvariantCulture,
        $"a thread spinning on each CPU lost " +
        $"{LostPercent:F2} % of its time to stalls ≥ {StallCounter.StallMicroseconds:0} µs ({PerSecondOverOneMs:F1} stalls ≥ 1 ms per s, longest {LongestMs:F2} ms); " +
        $"a wake-up round trip (two wake-ups) took p50 {BackToBackUs.At(0.5):F0} µs, p99 {BackToBackUs.At(0.99):F0} µs back to back and " +
        $"p50 {AfterIdleUs.At(0.5):F0} µs, p99 {AfterIdleUs.At(0.99):F0} µs after {MachineNoise.IdleMicroseconds} µs idle");

    /// <summary>Writes the <c>"machine_noise"</c> object.</summary>
    public void WriteJson(Utf8JsonWriter json)
    {
        json.WriteStartObject("machine_noise");
        json.WriteNumber("seconds", Seconds);
        if (double.TryParse(StealPercent, NumberStyles.Float, CultureInfo.InvariantCulture, out var steal))
        {
            json.WriteNumber("steal_percent", steal);
        }

        json.WriteNumber("stall_threshold_us", StallCounter.StallMicroseconds);
        json.WriteStartArray("stalls");
        foreach (var s in Stalls)
        {
            json.WriteStartObject();
            if (s.Cpu >= 0)
            {
                json.WriteNumber("cpu", s.Cpu);
            }
            else
            {
                json.WriteNull("cpu");
            }

            Number(json, "seconds", s.Seconds);
            Number(json, "lost_percent", s.LostPercent);
            Number(json, "per_s_over_0_5_ms", s.PerSecondOverHalfMs);
            Number(json, "per_s_over_1_ms", s.PerSecondOverOneMs);
            Number(json, "per_s_over_5_ms", s.PerSecondOverFiveMs);
            Number(json, "longest_ms", s.LongestMs);
            Number(json, "preemptions_per_s", s.PreemptionsPerSecond);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartObject("wakeup_round_trip_us");
        json.WriteString("threads", WakeCpus);
        json.WriteNumber("idle_us", MachineNoise.IdleMicroseconds);
        WriteRoundTrips(json, "back_to_back", BackToBackUs);
        WriteRoundTrips(json, "after_idle", AfterIdleUs);
        json.WriteEndObject();
        json.WriteString("summary", Summary());
        json.WriteEndObject();
    }

    /// <summary>The report's "Machine noise" section: a row per spinning thread, a row per wake-up run.</summary>
    public string Markdown()
    {
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"Measured for {Seconds:0.#} s ({Seconds * 0.6:0.#} s spinning, then {Seconds * 0.2:0.#} s per wake-up run); " +
            $"steal time during the probe {StealPercent} %. Preemptions are the spinning thread's involuntary context switches " +
            $"(the scheduler ran another process or kernel thread in its place); stalls beyond them are interrupts or the host not running the vCPU.");
        md.AppendLine();
        md.AppendLine("| Thread spinning on the clock | Time lost to stalls ≥ 20 µs | Stalls ≥ 0.5 ms per s | ≥ 1 ms per s | ≥ 5 ms per s | Longest stall (ms) | Preemptions per s |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var s in Stalls)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {(s.Cpu >= 0 ? $"CPU {s.Cpu} (pinned)" : "unpinned")} | {s.LostPercent:F2} % | " +
                $"{s.PerSecondOverHalfMs:F1} | {s.PerSecondOverOneMs:F1} | {s.PerSecondOverFiveMs:F1} | {s.LongestMs:F2} | {s.PreemptionsPerSecond:F1} |");
        }

        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"| Wake-up round trip, two wake-ups through pipes ({WakeCpus}), µs | Round trips | p50 | p90 | p99 | p99.9 | Max |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        RoundTripRow(md, "Back to back", BackToBackUs);
        RoundTripRow(md, $"After {MachineNoise.IdleMicroseconds} µs idle (the CPUs may halt, as at light load)", AfterIdleUs);
        return md.ToString();
    }

    private static void RoundTripRow(StringBuilder md, string label, Percentiles p)
    {
        md.Append("| ").Append(label).Append(" | ").Append(p.Count.ToString(CultureInfo.InvariantCulture));
        foreach (var (_, q) in Quantiles)
        {
            md.Append(" | ").Append(p.At(q).ToString("F0", CultureInfo.InvariantCulture));
        }

        md.AppendLine(" |");
    }

    private static void WriteRoundTrips(Utf8JsonWriter json, string name, Percentiles p)
    {
        json.WriteStartObject(name);
        json.WriteNumber("count", p.Count);
        foreach (var (key, q) in Quantiles)
        {
            Number(json, key, p.At(q));
        }

        json.WriteEndObject();
    }

    private static void Number(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsFinite(value))
        {
            json.WriteNumber(name, Math.Round(value, 3));
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
