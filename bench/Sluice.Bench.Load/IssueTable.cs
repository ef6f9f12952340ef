using System.Globalization;
using System.Text;

namespace Sluice.Bench.Load;

/// <summary>
/// The table issue 17 asks for: one row per target figure, Sluice beside Portkey, the direct baseline and today's build
/// (sluice-baseline) from the same run, a ✓/✗ against each target, then the command line and the machine.
/// </summary>
public static class IssueTable
{
    private const string Baseline = "sluice-baseline";

    // Figure id, the gateway whose value is Sluice's, label, scale to the shown unit, shown unit, target text, bound, stretch bound.
    private sealed record Row(string Id, string SluiceName, string Label, double Scale, string Unit, string TargetText, double? Bound, double? Stretch);

    private static readonly Row[] Rows =
    [
        new("wrk_cpu_us_per_request", "sluice", "Gateway CPU per non-streaming request, 16 connections (wrk)", 1, "µs", "≤ 100 (stretch 60)", 100, 60),
        new("cpu_us_per_request", "sluice", "Gateway CPU per non-streaming request, open loop 500 req/s", 1, "µs", "≤ 100 (stretch 60)", 100, 60),
        new("chat_added_p50_ms", "sluice", "Added latency p50, 1 connection, open-loop driver", 1000, "µs", "≤ 150", 150, null),
        new("chat_added_p99_ms", "sluice", "Added latency p99, 1 connection, open-loop driver", 1000, "µs", "≤ 500 (stretch 110)", 500, 110),
        new("wrk_added_p50_ms", "sluice", "Added latency p50, 1 connection, wrk", 1000, "µs", "≤ 150", 150, null),
        new("wrk_added_p99_ms", "sluice", "Added latency p99, 1 connection, wrk", 1000, "µs", "≤ 500 (stretch 110)", 500, 110),
        new("ttft_added_p99_ms", "sluice", "Streaming: added time to first token p99", 1000, "µs", "≤ 500", 500, null),
        new("rss_mb_per_1000_streams", "sluice", "Streaming: memory per 1,000 open streams", 1, "MB", "≤ 20", 20, null),
        new("wrk_rps", "sluice", "Throughput, 16 connections (wrk)", 1, "req/s", "≥ 3× today's", null, null),
        new("wrk_added_p50_ms", "sluice-tls", "Upstream over TLS: added latency p50, 1 connection, wrk", 1000, "µs", "≤ 150", 150, null),
        new("wrk_added_p99_ms", "sluice-tls", "Upstream over TLS: added latency p99, 1 connection, wrk", 1000, "µs", "≤ 500 (stretch 110)", 500, 110),
        new("wrk_cpu_us_per_request", "sluice-tls", "Upstream over TLS: gateway CPU per request, 16 connections (wrk)", 1, "µs", "≤ 100 (stretch 60)", 100, 60),
        new("wrk_rps", "sluice-tls", "Upstream over TLS: throughput, 16 connections (wrk)", 1, "req/s", "", null, null),
        new("tls_handshakes_per_1000", "sluice-tls", "Upstream over TLS: handshakes per 1,000 requests (connection reuse)", 1, "", "≈ 0 (≤ 1)", 1, null),
    ];

    /// <summary>Builds the table and the lines under it.</summary>
    public static string Markdown(IReadOnlyList<Figure> figures, IReadOnlyList<string> gateways, IReadOnlyDictionary<string, string> meta,
        IReadOnlyDictionary<string, int> errors, MachineNoiseResult? noise)
    {
        var byId = figures.ToDictionary(f => f.Id, StringComparer.Ordinal);
        var today = gateways.Contains(Baseline);
        var md = new StringBuilder();
        md.Append("| Figure (issue 17) | Target | Sluice | Portkey | Direct baseline |").Append(today ? " Today's build |" : "").AppendLine();
        md.Append("|---|---|---:|---:|---:|").Append(today ? "---:|" : "").AppendLine();
        foreach (var row in Rows)
        {
            if (!byId.TryGetValue(row.Id, out var f) || !f.Rounds.ContainsKey(row.SluiceName))
            {
                continue;
            }

            var unit = row.Unit.Length > 0 ? $" ({row.Unit})" : "";
            md.Append("| ").Append(row.Label).Append(unit).Append(" | ").Append(row.TargetText).Append(" | ");
            md.Append(row.Id == "wrk_rps" && row.SluiceName == "sluice" ? Throughput(byId, f) : Cell(row, f.Median(row.SluiceName))).Append(" | ");
            md.Append(row.SluiceName == "sluice" ? Cell(row, f.Median("portkey")) : "–").Append(" | ");
            md.Append(f.Baseline.Count > 0 ? Number(Percentiles.Median(f.Baseline) * row.Scale, row.Unit) : "–").Append(" |");
            if (today)
            {
                md.Append(' ').Append(row.SluiceName == "sluice" && f.Rounds.ContainsKey(Baseline) ? Cell(row, f.Median(Baseline)) : "–").Append(" |");
            }

            md.AppendLine();
        }

        md.AppendLine();
        md.AppendLine("Added figures are gateway minus direct in the same round; the direct baseline column shows the direct run's own value " +
            "(latency, the mock's CPU per request, its throughput). Sluice calls the one-target virtual model `bench-vm/chat` with an " +
            "ordinary user's key (limit rule, metrics and usage recording on); the TLS rows call `bench-vm/chat-tls`, whose account " +
            "reaches the mock over HTTPS (direct stays plain HTTP). A ✓ is against the target, \"stretch\" when the stretch target is met too; " +
            "a negative added value is marked as noise and not checked.");
        md.AppendLine();
        // Errors of every phase, wrk's non-2xx answers and socket errors included: a figure from a failing run means little.
        var failed = errors.Where(e => e.Value > 0).Select(e => $"{e.Key}: {e.Value}").ToList();
        md.AppendLine(failed.Count == 0 ? "Errors: none." : "**Errors**: " + string.Join(", ", failed) + ".");
        md.AppendLine();
        if (meta.TryGetValue("command", out var command))
        {
            md.Append("Command: `").Append(command).AppendLine("`  ");
        }

        md.Append("Machine: ").Append(meta.GetValueOrDefault("cores", "?")).Append(" cores, ").Append(meta.GetValueOrDefault("cpu_model", "unknown CPU"))
            .Append(", kernel ").Append(meta.GetValueOrDefault("kernel", "?")).Append("; load average ").Append(meta.GetValueOrDefault("loadavg_start", "?"))
            .Append(" at start, ").Append(meta.GetValueOrDefault("loadavg_end", "?")).Append(" at end; steal time ")
            .Append(meta.GetValueOrDefault("steal_percent", "?")).AppendLine(" % of the CPU over the run (the hypervisor serving other guests)  ");
        if (noise is not null)
        {
            // The same run's machine noise, so a reader can tell the machine's share of a p99 from the gateway's.
            md.Append("Machine during this run (").Append(noise.Seconds.ToString("0.#", CultureInfo.InvariantCulture))
                .Append(" s probe before the gateway phases, machine quiet; details under Machine noise below): ").Append(noise.Summary()).AppendLine("  ");
        }

        md.Append("Run: ").Append(meta.GetValueOrDefault("started_utc", "?")).Append(", ").Append(meta.GetValueOrDefault("duration_s", "?"))
            .Append(" s, profile ").Append(meta.GetValueOrDefault("profile", "?")).Append(", commit ").Append(meta.GetValueOrDefault("commit", "?"))
            .Append(", today's build ").Append(meta.GetValueOrDefault("baseline", "none")).Append(", Portkey ").Append(meta.GetValueOrDefault("portkey", "none"))
            .AppendLine();
        return md.ToString();
    }

    /// <summary>Writes the same rows as <c>"issue17"</c>: label, unit, target, and each column's value and whether it meets the target.</summary>
    public static void WriteJson(System.Text.Json.Utf8JsonWriter json, IReadOnlyList<Figure> figures)
    {
        var byId = figures.ToDictionary(f => f.Id, StringComparer.Ordinal);
        json.WriteStartArray("issue17");
        foreach (var row in Rows)
        {
            if (!byId.TryGetValue(row.Id, out var f) || !f.Rounds.ContainsKey(row.SluiceName))
            {
                continue;
            }

            json.WriteStartObject();
            json.WriteString("figure", row.Label);
            json.WriteString("id", row.Id);
            json.WriteString("unit", row.Unit);
            json.WriteString("target", row.TargetText);
            var columns = row.SluiceName == "sluice"
                ? new[] { ("sluice", "sluice"), ("portkey", "portkey"), ("today", Baseline) }
                : [("sluice", row.SluiceName)];
            foreach (var (name, gateway) in columns)
            {
                var v = f.Median(gateway) * row.Scale;
                if (!f.Rounds.ContainsKey(gateway) || !double.IsFinite(v))
                {
                    continue;
                }

                json.WriteNumber(name, Math.Round(v, 3));
                if (row.Bound is { } bound && !IsNoise(row, v))
                {
                    json.WriteBoolean(name + "_met", v <= bound);
                }
            }

            if (f.Baseline.Count > 0 && double.IsFinite(Percentiles.Median(f.Baseline)))
            {
                json.WriteNumber("direct", Math.Round(Percentiles.Median(f.Baseline) * row.Scale, 3));
            }

            if (row.Id == "wrk_rps" && row.SluiceName == "sluice" && byId.TryGetValue("wrk_rps_ratio_vs_baseline", out var ratio)
                && double.IsFinite(ratio.Median("sluice")))
            {
                json.WriteNumber("ratio_to_today", Math.Round(ratio.Median("sluice"), 3));
                json.WriteBoolean("sluice_met", ratio.Median("sluice") >= 3);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    // Sluice's requests per second, with the per-round median of Sluice ÷ today's build checked against "at least 3×".
    private static string Throughput(Dictionary<string, Figure> byId, Figure rps)
    {
        var value = Number(rps.Median("sluice"), "req/s");
        if (!byId.TryGetValue("wrk_rps_ratio_vs_baseline", out var ratio) || !double.IsFinite(ratio.Median("sluice")))
        {
            return value;
        }

        var r = ratio.Median("sluice");
        return value + " (" + r.ToString("F2", CultureInfo.InvariantCulture) + "×) " + (r >= 3 ? "✓" : "✗");
    }

    private static string Cell(Row row, double value)
    {
        if (!double.IsFinite(value))
        {
            return "n/a";
        }

        var scaled = value * row.Scale;
        var text = Number(scaled, row.Unit);
        if (IsNoise(row, scaled))
        {
            // Gateway minus direct below zero: the direct run was the unlucky one, so the round says nothing about the target.
            return text + " (noise: direct slower)";
        }

        if (row.Bound is { } bound)
        {
            text += scaled <= bound ? (row.Stretch is { } stretch && scaled <= stretch ? " ✓ stretch" : " ✓") : " ✗";
        }

        return text;
    }

    private static bool IsNoise(Row row, double value) => value < 0 && row.Id.Contains("added", StringComparison.Ordinal);

    private static string Number(double v, string unit) => !double.IsFinite(v) ? "n/a"
        : unit is "req/s" or "µs" && Math.Abs(v) >= 10 ? v.ToString("F0", CultureInfo.InvariantCulture)
        : Math.Abs(v) >= 10 ? v.ToString("F1", CultureInfo.InvariantCulture)
        : v.ToString("F2", CultureInfo.InvariantCulture);
}
