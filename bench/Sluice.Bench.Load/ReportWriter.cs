using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Sluice.Bench.Load;

/// <summary>Writes the figures as latest.json (every round kept) and a Markdown table (figure | target | gateways...).</summary>
public static class ReportWriter
{
    /// <summary>Writes the JSON results file.</summary>
    public static void WriteJson(string path, IReadOnlyList<Figure> figures, IReadOnlyList<string> gateways, SuiteSettings settings,
        IReadOnlyDictionary<string, int> errors, IReadOnlyDictionary<string, string> meta, IReadOnlyList<string> notes,
        MachineNoiseResult? noise)
    {
        using var stream = File.Create(path);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        json.WriteStartObject();
        foreach (var pair in meta)
        {
            json.WriteString(pair.Key, pair.Value);
        }

        json.WriteStartObject("settings");
        json.WriteNumber("rounds", settings.Rounds);
        json.WriteNumber("latency_rate", settings.LatencyRate);
        json.WriteNumber("latency_requests", settings.LatencyRequests);
        json.WriteNumber("stream_rate", settings.StreamRate);
        json.WriteNumber("streams", settings.Streams);
        json.WriteNumber("stream_chunks", settings.StreamChunks);
        json.WriteNumber("stream_interval_ms", settings.StreamIntervalMs);
        json.WriteNumber("cpu_rate", settings.CpuRate);
        json.WriteNumber("cpu_requests", settings.CpuRequests);
        json.WriteNumber("rate_step_seconds", settings.RateStepSeconds);
        json.WriteNumber("rate_bound_ms", settings.RateBoundMs);
        json.WriteNumber("open_streams", settings.OpenStreams);
        json.WriteNumber("machine_probe_seconds", settings.MachineProbeSeconds);
        json.WriteEndObject();
        noise?.WriteJson(json);

        json.WriteStartArray("notes");
        foreach (var note in notes)
        {
            json.WriteStringValue(note);
        }

        json.WriteEndArray();
        json.WriteStartObject("errors");
        foreach (var pair in errors)
        {
            json.WriteNumber(pair.Key, pair.Value);
        }

        json.WriteEndObject();

        IssueTable.WriteJson(json, figures);
        json.WriteStartArray("figures");
        foreach (var f in figures)
        {
            json.WriteStartObject();
            json.WriteString("id", f.Id);
            json.WriteString("title", f.Title);
            json.WriteString("unit", f.Unit);
            if (f.Target is { } target)
            {
                json.WriteNumber("target", target);
            }

            if (f.Note is not null)
            {
                json.WriteString("how", f.Note);
            }

            foreach (var g in gateways)
            {
                WriteNumber(json, g, f.Median(g));
            }

            if (f.Baseline.Count > 0)
            {
                WriteNumber(json, "direct_baseline", Percentiles.Median(f.Baseline));
            }

            json.WriteStartObject("rounds");
            foreach (var pair in f.Rounds)
            {
                json.WriteStartArray(pair.Key);
                foreach (var v in pair.Value)
                {
                    if (double.IsFinite(v))
                    {
                        json.WriteNumberValue(Math.Round(v, 4));
                    }
                    else
                    {
                        json.WriteNullValue();
                    }
                }

                json.WriteEndArray();
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>Builds the Markdown table and the notes under it.</summary>
    public static string Markdown(IReadOnlyList<Figure> figures, IReadOnlyList<string> gateways, IReadOnlyDictionary<string, int> errors,
        IReadOnlyDictionary<string, string> meta, IReadOnlyList<string> notes)
    {
        var md = new StringBuilder();
        md.Append("| Figure | Target |");
        foreach (var g in gateways)
        {
            md.Append(' ').Append(Capitalize(g)).Append(" |");
        }

        md.AppendLine();
        md.Append("|---|---|");
        foreach (var _ in gateways)
        {
            md.Append("---:|");
        }

        md.AppendLine();
        foreach (var f in figures)
        {
            md.Append("| ").Append(f.Title).Append(" (").Append(f.Unit).Append(") | ");
            md.Append(f.Target is { } t ? "≤ " + Format(t) : "").Append(" |");
            foreach (var g in gateways)
            {
                var v = f.Median(g);
                md.Append(' ').Append(f.Unit == "req/s" && double.IsFinite(v) ? v.ToString("F0", CultureInfo.InvariantCulture) : Format(v));
                if (f.Target is { } bound && double.IsFinite(v))
                {
                    md.Append(v <= bound ? " ✓" : " ✗");
                }

                md.Append(" |");
            }

            md.AppendLine();
        }

        md.AppendLine();
        md.Append("Direct baseline (mock without a gateway, same run): ");
        var first = true;
        foreach (var f in figures)
        {
            if (f.Baseline.Count > 0)
            {
                md.Append(first ? "" : "; ").Append(f.BaselineName ?? f.Id.Replace("_added", "", StringComparison.Ordinal)).Append(' ')
                    .Append(Format(Percentiles.Median(f.Baseline))).Append(' ').Append(f.Unit);
                first = false;
            }
        }

        md.AppendLine(".");
        var failed = new List<string>();
        foreach (var pair in errors)
        {
            if (pair.Value > 0)
            {
                failed.Add($"{pair.Key}: {pair.Value}");
            }
        }

        md.AppendLine(failed.Count == 0 ? "Errors: none." : "Errors: " + string.Join(", ", failed) + ".");
        foreach (var note in notes)
        {
            md.Append("Note: ").Append(note).AppendLine(".");
        }

        md.Append("Every added figure is gateway minus direct in the same round; the value shown is the median over rounds.");
        if (meta.TryGetValue("profile", out var profile))
        {
            md.Append(" Profile: ").Append(profile).Append('.');
        }

        if (meta.TryGetValue("cores", out var cores) && meta.TryGetValue("loadavg_start", out var l0) && meta.TryGetValue("loadavg_end", out var l1))
        {
            md.Append(" Machine: ").Append(cores).Append(" cores, load average ").Append(l0).Append(" at start, ").Append(l1).Append(" at end.");
        }

        md.AppendLine();
        return md.ToString();
    }

    private static void WriteNumber(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsFinite(value))
        {
            json.WriteNumber(name, Math.Round(value, 4));
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static string Format(double v) => !double.IsFinite(v) ? "n/a"
        : Math.Abs(v) >= 100 ? v.ToString("F0", CultureInfo.InvariantCulture)
        : Math.Abs(v) >= 10 ? v.ToString("F1", CultureInfo.InvariantCulture)
        : v.ToString("F3", CultureInfo.InvariantCulture);

    private static string Capitalize(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}
