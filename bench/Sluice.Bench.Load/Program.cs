using System.Globalization;
using Sluice.Bench.Load;

// suite --config targets.json --json out.json --md out.md [--quick] [--meta key=value]...
// probe --url URL --model M [--header "name: value"]... [--stream] [--rate 200] [--count 400] [--chunks 64]
// wrk --url URL --model M [--header "name: value"]... [--connections 1] [--seconds 5] [--pid N]
// machine [--seconds 5] [--json out.json]
if (args.Length == 0)
{
    Console.Error.WriteLine("usage: Sluice.Bench.Load suite|probe|wrk|machine [options] (see bench/README.md)");
    return 2;
}

var options = Options.Parse(args.AsSpan(1));
ServicePointSettings();
return args[0] switch
{
    "suite" => await RunSuiteAsync(options),
    "probe" => await ProbeAsync(options),
    "wrk" => await WrkAsync(options),
    "machine" => Machine(options),
    _ => 2,
};

static async Task<int> RunSuiteAsync(Options options)
{
    var (mockUrl, mockPid, targets) = TargetConfig.Load(options.Single("config"));
    var settings = options.Has("quick") ? SuiteSettings.Quick : new SuiteSettings();
    using var mock = new MockControl(mockUrl);
    var suite = new Suite(targets, mock, mockPid, settings, Console.Error);
    var started = DateTimeOffset.UtcNow;
    // Before any request, once the freshly started gateways have gone quiet (JIT, Portkey's Node warming up; right after
    // the phases their usage writers still catch up): how noisy the machine itself is, so a reader can tell it from the gateway.
    var quiet = ProcStat.WaitForQuiet(busyPercent: 5, TimeSpan.FromSeconds(60));
    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"machine noise probe ({settings.MachineProbeSeconds} s; machine {quiet:F1} % busy just before)"));
    var noise = MachineNoise.Run(settings.MachineProbeSeconds);
    Console.Error.WriteLine("  " + noise.Summary());
    var loadStart = LoadAverage();
    var cpuStart = ProcStat.CpuTimes();
    var figures = await suite.RunAsync();
    var cpuEnd = ProcStat.CpuTimes();
    var meta = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["started_utc"] = started.ToString("O", CultureInfo.InvariantCulture),
        ["duration_s"] = (DateTimeOffset.UtcNow - started).TotalSeconds.ToString("F0", CultureInfo.InvariantCulture),
        ["cores"] = Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture),
        ["profile"] = options.Has("quick") ? "quick" : "full",
        ["loadavg_start"] = loadStart,
        ["loadavg_end"] = LoadAverage(),
        ["steal_percent"] = ProcStat.StealPercent(cpuStart, cpuEnd),
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

    ReportWriter.WriteJson(options.Single("json"), figures, suite.GatewayNames, settings, suite.Errors, meta, suite.Notes, noise);
    var md = IssueTable.Markdown(figures, suite.GatewayNames, meta, suite.Errors, noise) + "\n### All figures\n\n" +
        ReportWriter.Markdown(figures, suite.GatewayNames, suite.Errors, meta, suite.Notes) + "\n### Machine noise\n\n" + noise.Markdown();
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

// The machine noise probe alone (no gateway needed): the same section and summary line the suite's report carries.
static int Machine(Options options)
{
    var noise = MachineNoise.Run(double.Parse(options.Get("seconds") ?? "5", CultureInfo.InvariantCulture));
    Console.WriteLine(noise.Markdown());
    Console.WriteLine("Machine: " + noise.Summary() + ".");
    if (options.Get("json") is { Length: > 0 } path)
    {
        using var stream = File.Create(path);
        using var json = new System.Text.Json.Utf8JsonWriter(stream, new System.Text.Json.JsonWriterOptions
        {
            Indented = true,
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        });
        json.WriteStartObject();
        noise.WriteJson(json);
        json.WriteEndObject();
    }

    return 0;
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
