using System.Diagnostics;

namespace Sluice.Bench.Load;

/// <summary>Runs every figure as interleaved rounds of {direct, gateways...} and keeps gateway-minus-direct per round.</summary>
public sealed class Suite
{
    private readonly Target _direct;
    private readonly List<Target> _gateways = [];
    private readonly List<Target> _wrkGateways = [];
    private readonly MockControl _mock;
    private readonly int _mockPid;
    private readonly SuiteSettings _settings;
    private readonly TextWriter _log;

    /// <summary>Creates a suite over the direct baseline and the gateways.</summary>
    public Suite(IReadOnlyList<Target> targets, MockControl mock, int mockPid, SuiteSettings settings, TextWriter log)
    {
        _direct = targets.First(t => t.IsDirect);
        foreach (var t in targets)
        {
            if (!t.IsDirect)
            {
                _wrkGateways.Add(t);
                if (!t.WrkOnly)
                {
                    _gateways.Add(t);
                }
            }
        }

        _mock = mock;
        _mockPid = mockPid;
        _settings = settings;
        _log = log;
    }

    /// <summary>Gateway names in table order (the wrk-only targets last).</summary>
    public IReadOnlyList<string> GatewayNames => _wrkGateways.OrderBy(g => g.WrkOnly).Select(g => g.Name).ToList();

    /// <summary>Remarks for the report (for example a rate search stopped by the machine rather than a gateway).</summary>
    public List<string> Notes { get; } = [];

    /// <summary>Errors per "phase/target", for the report.</summary>
    public Dictionary<string, int> Errors { get; } = new(StringComparer.Ordinal);

    /// <summary>Runs all phases and returns the figures in table order.</summary>
    public async Task<List<Figure>> RunAsync()
    {
        var startRss = new Figure("rss_start_mb", "RSS at start", "MB", null, "before any request");
        foreach (var g in _gateways)
        {
            startRss.Add(g.Name, ProcessStats.RssMegabytes(g.Pid));
        }

        await WarmUpAsync();
        await Task.Delay(2000);
        var idleRss = new Figure("idle_rss_mb", "Idle RSS (after warm-up)", "MB", null, "VmRSS after warm-up and 2 s idle");
        foreach (var g in _gateways)
        {
            idleRss.Add(g.Name, ProcessStats.RssMegabytes(g.Pid));
        }

        var figures = new List<Figure>();
        figures.AddRange(await LatencyAsync());
        figures.Add(await CpuAsync());
        figures.AddRange(await new WrkPhases(_direct, _wrkGateways, _mock, _mockPid, _settings, _log, Count).RunAsync());

        figures.Add(await MaxRateAsync());
        figures.AddRange(await StreamingAsync());
        figures.Add(idleRss);
        figures.Add(await OpenStreamsAsync());
        figures.Add(startRss);
        return figures;
    }

    private async Task WarmUpAsync()
    {
        _log.WriteLine("warm-up");
        await _mock.ConfigureAsync(0, 16, _settings.StreamChunks, _settings.StreamIntervalMs);
        foreach (var t in All())
        {
            await ChatRunAsync(t, 200, 400, precise: false, "warmup");
            await ChatRunAsync(t, 1000, 1000, precise: false, "warmup");
            await StreamRunAsync(t, _settings.StreamRate, 20, "warmup");
        }
    }

    private async Task<Figure[]> LatencyAsync()
    {
        var p50 = new Figure("chat_added_p50_ms", "Added latency p50, 1 concurrent, non-streaming", "ms", 0.150,
            $"open loop {_settings.LatencyRate}/s, {_settings.LatencyRequests} requests per round; Bedrock Converse + SigV4 behind the gateway");
        var p99 = new Figure("chat_added_p99_ms", "Added latency p99, 1 concurrent, non-streaming", "ms", 0.500, p50.Note);
        await _mock.ConfigureAsync(0, 16, _settings.StreamChunks, _settings.StreamIntervalMs);
        for (var round = 0; round < _settings.Rounds; round++)
        {
            var results = new Dictionary<string, RunResult>(StringComparer.Ordinal);
            foreach (var t in Rotate(round))
            {
                results[t.Name] = await ChatRunAsync(t, _settings.LatencyRate, _settings.LatencyRequests, precise: true, "latency");
            }

            var direct = results[_direct.Name].Latency();
            p50.Baseline.Add(direct.At(0.5));
            p99.Baseline.Add(direct.At(0.99));
            foreach (var g in _gateways)
            {
                var l = results[g.Name].Latency();
                p50.Add(g.Name, l.At(0.5) - direct.At(0.5));
                p99.Add(g.Name, l.At(0.99) - direct.At(0.99));
            }

            _log.WriteLine($"  latency round {round + 1}: direct p50 {direct.At(0.5):F3} p99 {direct.At(0.99):F3} | " +
                string.Join(" | ", _gateways.ConvertAll(g => $"{g.Name} {p50.Rounds[g.Name][round]:+0.000;-0.000} / {p99.Rounds[g.Name][round]:+0.000;-0.000}")));
        }

        return [p50, p99];
    }

    private async Task<Figure> CpuAsync()
    {
        var cpu = new Figure("cpu_us_per_request", "Gateway CPU per request (utime+stime)", "µs", 100,
            $"/proc/PID/stat over {_settings.CpuRequests} non-streaming requests at {_settings.CpuRate}/s")
        {
            BaselineName = "mock's own CPU per direct request",
        };
        for (var round = 0; round < _settings.Rounds; round++)
        {
            foreach (var g in Rotate(round))
            {
                if (g.IsDirect)
                {
                    // Reference: what the mock, a minimal Kestrel app, spends per request on this machine.
                    if (ProcessStats.IsAlive(_mockPid))
                    {
                        var before = ProcessStats.CpuMicroseconds(_mockPid);
                        await ChatRunAsync(g, _settings.CpuRate, _settings.CpuRequests, precise: false, "cpu");
                        cpu.Baseline.Add((ProcessStats.CpuMicroseconds(_mockPid) - before) / _settings.CpuRequests);
                    }

                    continue;
                }

                var r = await ChatRunAsync(g, _settings.CpuRate, _settings.CpuRequests, precise: false, "cpu");
                cpu.Add(g.Name, r.CpuMicroseconds / _settings.CpuRequests);
            }

            _log.WriteLine($"  cpu round {round + 1}: mock (direct) {(cpu.Baseline.Count > round ? cpu.Baseline[round] : double.NaN):F1} µs | " + string.Join(" | ", _gateways.ConvertAll(g => $"{g.Name} {cpu.Rounds[g.Name][round]:F1} µs")));
        }

        return cpu;
    }

    private async Task<Figure> MaxRateAsync()
    {
        var figure = new Figure("max_rate_rps", $"Highest rate with added p99 < {_settings.RateBoundMs} ms and no errors", "req/s", null,
            $"steps {string.Join("/", _settings.RateSteps)} req/s, {_settings.RateStepSeconds} s each; 0 = not even the first step");
        for (var round = 0; round < _settings.Rounds; round++)
        {
            var alive = new List<Target>(_gateways);
            var best = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var g in _gateways)
            {
                best[g.Name] = 0;
            }

            foreach (var rate in _settings.RateSteps)
            {
                if (alive.Count == 0)
                {
                    break;
                }

                var count = (int)(rate * _settings.RateStepSeconds);
                // One hiccup from elsewhere on a shared machine should not end a search: the baseline gets three tries, a gateway two.
                var direct = await ChatRunAsync(_direct, rate, count, precise: false, "rate");
                for (var retry = 0; retry < 2 && (direct.Errors > 0 || direct.Latency().At(0.99) > _settings.RateBoundMs); retry++)
                {
                    direct = await ChatRunAsync(_direct, rate, count, precise: false, "rate-retry");
                }

                var directP99 = direct.Latency().At(0.99);
                if (direct.Errors > 0)
                {
                    _log.WriteLine($"  rate {rate}: the direct baseline itself failed ({direct.FirstError}); stopping the search here");
                    NoteOnce($"rate search: at {rate} req/s the direct baseline itself had errors, so the search stopped there");
                    break;
                }

                if (directP99 > _settings.RateBoundMs)
                {
                    // The driver and the mock alone already miss the bound: past here the machine is measured, not the gateway.
                    _log.WriteLine($"  rate {rate}: direct p99 {directP99:F2} ms is over the bound by itself; stopping the search here");
                    NoteOnce($"rate search: at {rate} req/s the direct baseline alone missed the bound, so gateways still passing there are reported as the last step reached (a floor set by this machine)");
                    break;
                }

                foreach (var g in alive.ToArray())
                {
                    var ok = false;
                    for (var attempt = 0; attempt < 2 && !ok; attempt++)
                    {
                        var r = await ChatRunAsync(g, rate, count, precise: false, attempt == 0 ? "rate" : "rate-retry");
                        var added = r.Latency().At(0.99) - directP99;
                        ok = r.Errors == 0 && added < _settings.RateBoundMs;
                        _log.WriteLine($"  rate round {round + 1} {rate}/s: {g.Name} added p99 {added:+0.00;-0.00} ms, errors {r.Errors} -> {(ok ? "ok" : "over")}");
                    }

                    if (ok)
                    {
                        best[g.Name] = rate;
                    }
                    else
                    {
                        alive.Remove(g);
                    }
                }
            }

            foreach (var g in _gateways)
            {
                figure.Add(g.Name, best[g.Name]);
            }
        }

        return figure;
    }

    private async Task<Figure[]> StreamingAsync()
    {
        var note = $"{_settings.StreamChunks} chunks {_settings.StreamIntervalMs} ms apart, {_settings.Streams} streams per round at {_settings.StreamRate}/s";
        var ttft50 = new Figure("ttft_added_p50_ms", "Streaming: added time to first token p50", "ms", null, note);
        var ttft99 = new Figure("ttft_added_p99_ms", "Streaming: added time to first token p99", "ms", 0.500, note);
        var gap50 = new Figure("gap_added_p50_ms", "Streaming: added gap between chunks p50", "ms", null, note);
        var gap99 = new Figure("gap_added_p99_ms", "Streaming: added gap between chunks p99", "ms", null, note);
        await _mock.ConfigureAsync(0, 16, _settings.StreamChunks, _settings.StreamIntervalMs);
        for (var round = 0; round < _settings.Rounds; round++)
        {
            var results = new Dictionary<string, RunResult>(StringComparer.Ordinal);
            foreach (var t in Rotate(round))
            {
                results[t.Name] = await StreamRunAsync(t, _settings.StreamRate, _settings.Streams, "stream");
            }

            var d = results[_direct.Name];
            var (dt, dg) = (d.Ttft(), d.Gap());
            ttft50.Baseline.Add(dt.At(0.5));
            ttft99.Baseline.Add(dt.At(0.99));
            gap50.Baseline.Add(dg.At(0.5));
            gap99.Baseline.Add(dg.At(0.99));
            foreach (var g in _gateways)
            {
                var (t, gp) = (results[g.Name].Ttft(), results[g.Name].Gap());
                ttft50.Add(g.Name, t.At(0.5) - dt.At(0.5));
                ttft99.Add(g.Name, t.At(0.99) - dt.At(0.99));
                gap50.Add(g.Name, gp.At(0.5) - dg.At(0.5));
                gap99.Add(g.Name, gp.At(0.99) - dg.At(0.99));
            }

            _log.WriteLine($"  stream round {round + 1}: direct ttft p50 {dt.At(0.5):F3} p99 {dt.At(0.99):F3} gap p99 {dg.At(0.99):F3} | " +
                string.Join(" | ", _gateways.ConvertAll(g => $"{g.Name} ttft {ttft50.Rounds[g.Name][round]:+0.000;-0.000} / {ttft99.Rounds[g.Name][round]:+0.000;-0.000}")));
        }

        return [ttft50, ttft99, gap50, gap99];
    }

    private async Task<Figure> OpenStreamsAsync()
    {
        var n = _settings.OpenStreams;
        var figure = new Figure("rss_mb_per_1000_streams", "RSS per 1,000 concurrently open streams", "MB", 20,
            $"VmRSS with {n} open streams minus VmRSS just before, scaled to 1,000");
        // Long, slow streams: one chunk every 500 ms for a minute at most, so nothing finishes while RSS is read.
        await _mock.ConfigureAsync(0, 16, 120, 500);
        try
        {
            foreach (var g in _gateways)
            {
                await Task.Delay(1000);
                var before = ProcessStats.RssMegabytes(g.Pid);
                var result = new RunResult(n);
                var open = 0;
                using var cancel = new CancellationTokenSource();
                var run = OpenLoop.RunAsync(n, 500, (i, due) =>
                    Calls.StreamAsync(g, result, i, due, 0, () => Interlocked.Increment(ref open), cancel.Token), precise: false);
                var deadline = Stopwatch.StartNew();
                while (Volatile.Read(ref open) + result.Errors < n && deadline.Elapsed < TimeSpan.FromSeconds(30))
                {
                    await Task.Delay(100);
                }

                await Task.Delay(1000);
                var during = ProcessStats.RssMegabytes(g.Pid);
                var opened = Volatile.Read(ref open);
                await cancel.CancelAsync();
                await run;
                Count($"streams-open/{g.Name}", result.Errors);
                var per1000 = opened > 0 ? (during - before) * 1000.0 / opened : double.NaN;
                figure.Add(g.Name, per1000);
                _log.WriteLine($"  open streams {g.Name}: {opened}/{n} open, RSS {before:F1} -> {during:F1} MB, {per1000:F1} MB per 1,000, errors {result.Errors} {result.FirstError}");
            }
        }
        finally
        {
            await _mock.ConfigureAsync(0, 16, _settings.StreamChunks, _settings.StreamIntervalMs);
        }

        return figure;
    }

    private async Task<RunResult> ChatRunAsync(Target t, double rate, int count, bool precise, string phase)
    {
        await Task.Delay(200);
        if (!t.IsDirect && !ProcessStats.IsAlive(t.Pid))
        {
            // Figures of a run whose gateway died are meaningless: stop, and let run.sh print the gateway's log.
            throw new InvalidOperationException($"{t.Name} (pid {t.Pid}) is no longer running");
        }

        var result = new RunResult(count);
        var cpuBefore = t.IsDirect ? 0 : ProcessStats.CpuMicroseconds(t.Pid);
        result.WallSeconds = await OpenLoop.RunAsync(count, rate, (i, due) => Calls.ChatAsync(t, result, i, due, CancellationToken.None), precise);
        if (!t.IsDirect)
        {
            result.CpuMicroseconds = ProcessStats.CpuMicroseconds(t.Pid) - cpuBefore;
        }

        Count($"{phase}/{t.Name}", result.Errors);
        if (result.Errors > 0)
        {
            _log.WriteLine($"  {phase} {t.Name} @ {rate}/s: {result.Errors} errors, first: {result.FirstError}");
        }

        return result;
    }

    private async Task<RunResult> StreamRunAsync(Target t, double rate, int count, string phase)
    {
        await Task.Delay(200);
        var result = new RunResult(count);
        result.WallSeconds = await OpenLoop.RunAsync(count, rate,
            (i, due) => Calls.StreamAsync(t, result, i, due, _settings.StreamChunks, null, CancellationToken.None), precise: true);
        Count($"{phase}/{t.Name}", result.Errors);
        if (result.Errors > 0)
        {
            _log.WriteLine($"  {phase} {t.Name}: {result.Errors} errors, first: {result.FirstError}");
        }

        return result;
    }

    private void NoteOnce(string note)
    {
        if (!Notes.Contains(note))
        {
            Notes.Add(note);
        }
    }

    private void Count(string key, int errors) => Errors[key] = Errors.GetValueOrDefault(key) + errors;

    private List<Target> All()
    {
        var all = new List<Target> { _direct };
        all.AddRange(_gateways);
        return all;
    }

    // A different order every round, so no target always runs first (right after a pause) or last.
    private List<Target> Rotate(int round)
    {
        var all = All();
        var shift = round % all.Count;
        var rotated = new List<Target>(all.Count);
        for (var i = 0; i < all.Count; i++)
        {
            rotated.Add(all[(i + shift) % all.Count]);
        }

        return rotated;
    }
}
