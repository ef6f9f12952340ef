using System.Globalization;
using Sluice.Bench.Load;

// suite --config targets.json --json out.json --md out.md [--quick] [--meta key=value]...
// probe --url URL --model M [--header "name: value"]... [--stream] [--rate 200] [--count 400] [--chunks 64]
// wrk --url URL --model M [--header "name: value"]... [--connections 1] [--seconds 5] [--pid N]
if (args.Length == 0)
{
    Console.Error.WriteLine("usage: Sluice.Bench.Load suite|probe [options] (see bench/README.md)");
    return 2;
}

var options = Options.Parse(args.AsSpan(1));
ServicePointSettings();
return args[0] switch
{
    "suite" => await RunSuiteAsync(options),
    "probe" => await ProbeAsync(options),
    "wrk" => await WrkAsync(options),
    _ => 2,
};

static async Task<int> RunSuiteAsync(Options options)
{
    var (mockUrl, mockPid, targets) = TargetConfig.Load(options.Single("config"));
    var settings = options.Has("quick") ? SuiteSettings.Quick : new SuiteSettings();
    using var mock = new MockControl(mockUrl);
    var suite = new Suite(targets, mock, mockPid, settings, Console.Error);
    var started = DateTimeOffset.UtcNow;
    var loadStart = LoadAverage();
    var cpuStart = CpuTimes();
    var figures = await suite.RunAsync();
    var cpuEnd = CpuTimes();
    var meta = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["started_utc"] = started.ToString("O", CultureInfo.InvariantCulture),
        ["duration_s"] = (DateTimeOffset.UtcNow - started).TotalSeconds.ToString("F0", CultureInfo.InvariantCulture),
        ["cores"] = Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture),
        ["profile"] = options.Has("quick") ? "quick" : "full",
        ["loadavg_start"] = loadStart,
        ["loadavg_end"] = LoadAverage(),
        ["steal_percent"] = StealPercent(cpuStart, cpuEnd),
        ["cpu_model"] = CpuModel(),
        ["kernel"] = Kernel(),
    };
    foreach (var m in options.All("meta"))
    {
        var eq = m.IndexOf('=', StringComparison.Ordinal);
        if (eq > 0)
        {
            meta[m[..eq]] = m[(eq + 1)..];
        }
    }

    ReportWriter.WriteJson(options.Single("json"), figures, suite.GatewayNames, settings, suite.Errors, meta, suite.Notes);
    var md = IssueTable.Markdown(figures, suite.GatewayNames, meta, suite.Errors) + "\n### All figures\n\n" +
        ReportWriter.Markdown(figures, suite.GatewayNames, suite.Errors, meta, suite.Notes);
    await File.WriteAllTextAsync(options.Single("md"), md);
    Console.WriteLine(md);
    foreach (var t in targets)
    {
        t.Dispose();
    }

    return 0;
}

static List<KeyValuePair<string, string>> Headers(Options options)
{
    var headers = new List<KeyValuePair<string, string>>();
    foreach (var h in options.All("header"))
    {
        var colon = h.IndexOf(':', StringComparison.Ordinal);
        headers.Add(new(h[..colon].Trim(), h[(colon + 1)..].Trim()));
    }

    return headers;
}

// One wrk run with the suite's script, for checking a target by hand; --pid adds that process's CPU per request.
static async Task<int> WrkAsync(Options options)
{
    using var target = new Target("wrk", new Uri(options.Single("url")), options.Single("model"), Headers(options), 0);
    using var wrk = new Wrk();
    var r = await wrk.RunAsync(target, int.Parse(options.Get("connections") ?? "1", CultureInfo.InvariantCulture),
        double.Parse(options.Get("seconds") ?? "5", CultureInfo.InvariantCulture), int.Parse(options.Get("pid") ?? "0", CultureInfo.InvariantCulture));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{r.Requests} requests in {r.Seconds:F1} s ({r.RequestsPerSecond:F0}/s): p50 {r.P50Ms:F3} ms, p99 {r.P99Ms:F3} ms, CPU {r.CpuPerRequestUs:F1} µs/request, errors {r.Errors} {r.FirstError}"));
    return r.Errors == 0 ? 0 : 1;
}

static async Task<int> ProbeAsync(Options options)
{
    using var target = new Target("probe", new Uri(options.Single("url")), options.Single("model"), Headers(options), 0);
    var rate = double.Parse(options.Get("rate") ?? "200", CultureInfo.InvariantCulture);
    var count = int.Parse(options.Get("count") ?? "400", CultureInfo.InvariantCulture);
    var chunks = int.Parse(options.Get("chunks") ?? "64", CultureInfo.InvariantCulture);
    var result = new RunResult(count);
    var stream = options.Has("stream");
    var wall = await OpenLoop.RunAsync(count, rate, (i, due) => stream
        ? Calls.StreamAsync(target, result, i, due, chunks, null, CancellationToken.None)
        : Calls.ChatAsync(target, result, i, due, CancellationToken.None), precise: rate <= 500);
    var l = result.Latency();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{count} requests at {rate}/s in {wall:F1} s: ok {l.Count}, errors {result.Errors} {result.FirstError}"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"latency ms: p50 {l.At(0.5):F3}  p90 {l.At(0.9):F3}  p99 {l.At(0.99):F3}  max {l.At(1):F3}"));
    if (stream)
    {
        var t = result.Ttft();
        var g = result.Gap();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ttft ms: p50 {t.At(0.5):F3}  p99 {t.At(0.99):F3} | gap ms: p50 {g.At(0.5):F3}  p99 {g.At(0.99):F3}  ({g.Count} gaps)"));
    }

    return result.Errors == 0 ? 0 : 1;
}

// The 1/5/15-minute load averages: a busy neighbour on a shared machine shows here and explains noisy p99 values.
static string LoadAverage() =>
    File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ', 4)[..3]) : "n/a";

// The machine-wide CPU time counters of /proc/stat's "cpu" line (user, nice, system, idle, iowait, irq, softirq, steal).
static long[]? CpuTimes()
{
    if (!File.Exists("/proc/stat")) return null;
    var first = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
    return first.Length >= 9 ? first[1..9].Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray() : null;
}

// Steal time over the run, as a share of all CPU time: the hypervisor running other guests on this VM's cores. On a
// shared VM it, not the gateway, sets much of the p99; the report prints it beside the load averages.
static string StealPercent(long[]? start, long[]? end)
{
    if (start is null || end is null) return "n/a";
    var total = 0L;
    for (var i = 0; i < start.Length; i++) total += end[i] - start[i];
    return total <= 0 ? "n/a" : (100.0 * (end[7] - start[7]) / total).ToString("F1", CultureInfo.InvariantCulture);
}

// The processor's model name, for the report's machine line.
static string CpuModel()
{
    if (File.Exists("/proc/cpuinfo"))
    {
        foreach (var line in File.ReadLines("/proc/cpuinfo"))
        {
            if (line.StartsWith("model name", StringComparison.Ordinal))
            {
                return line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
            }
        }
    }

    return "unknown CPU";
}

static string Kernel() =>
    File.Exists("/proc/sys/kernel/osrelease") ? File.ReadAllText("/proc/sys/kernel/osrelease").Trim() : Environment.OSVersion.VersionString;

// Many short-lived connections at high rates: make sure the thread pool does not start cold.
static void ServicePointSettings()
{
    ThreadPool.GetMinThreads(out var worker, out var io);
    ThreadPool.SetMinThreads(Math.Max(worker, 16), Math.Max(io, 16));
}
