namespace Sluice.Bench.Load;

/// <summary>
/// The wrk phases, as interleaved rounds like every other figure: one connection (closed loop, exact p50/p99, added =
/// gateway − direct in the same round) and 16 connections (requests per second, and CPU per request of the process
/// behind the target: the gateway's, or the mock's for direct).
/// </summary>
public sealed class WrkPhases
{
    private readonly List<Target> _all;
    private readonly Target _direct;
    private readonly MockControl _mock;
    private readonly int _mockPid;
    private readonly SuiteSettings _settings;
    private readonly TextWriter _log;
    private readonly Action<string, int> _count;

    /// <summary>Creates the phases over the direct baseline and every gateway target (wrk-only ones included).</summary>
    public WrkPhases(Target direct, IReadOnlyList<Target> gateways, MockControl mock, int mockPid, SuiteSettings settings, TextWriter log, Action<string, int> count)
    {
        _direct = direct;
        _mock = mock;
        _all = [direct, .. gateways];
        _mockPid = mockPid;
        _settings = settings;
        _log = log;
        _count = count;
    }

    // Requests completed by targets whose upstream is TLS, for the handshakes-per-request figure.
    private long _tlsRequests;

    /// <summary>Warm-up for the targets the open-loop phases do not touch, then the rounds, then the TLS handshake rate.</summary>
    public async Task<List<Figure>> RunAsync()
    {
        var tls = _all.Exists(t => t.UpstreamTls);
        var handshakesBefore = tls ? await _mock.TlsConnectionsAsync() : 0;
        using var wrk = new Wrk();
        var c = _settings.WrkConnections;
        var p50 = new Figure("wrk_added_p50_ms", "wrk: added latency p50, 1 connection, non-streaming", "ms", 0.150,
            $"wrk -t1 -c1 -d{_settings.WrkSeconds}s per round, closed loop; wrk's exact percentiles from every request");
        var p99 = new Figure("wrk_added_p99_ms", "wrk: added latency p99, 1 connection, non-streaming", "ms", 0.500, p50.Note);
        var rps = new Figure("wrk_rps", $"wrk: throughput, {c} connections", "req/s", null,
            $"wrk -t1 -c{c} -d{_settings.WrkLoadSeconds}s per round")
        {
            BaselineName = "direct throughput",
        };
        var cpu = new Figure("wrk_cpu_us_per_request", $"wrk: gateway CPU per request, {c} connections", "µs", 100,
            $"utime+stime of the gateway's process over a wrk -c{c} run, divided by its requests")
        {
            BaselineName = $"mock's own CPU per direct request at {c} connections",
        };
        var ratio = new Figure("wrk_rps_ratio_vs_baseline", $"wrk: throughput at {c} connections / today's build's", "×", null,
            "per round: Sluice's requests per second over sluice-baseline's in the same round");

        _log.WriteLine("wrk warm-up");
        foreach (var t in _all)
        {
            await RunAsync(wrk, t, c, _settings.WrkWarmUpSeconds, "wrk-warmup");
        }

        for (var round = 0; round < _settings.Rounds; round++)
        {
            var one = new Dictionary<string, WrkResult>(StringComparer.Ordinal);
            var many = new Dictionary<string, WrkResult>(StringComparer.Ordinal);
            foreach (var t in Rotate(round))
            {
                one[t.Name] = await RunAsync(wrk, t, 1, _settings.WrkSeconds, "wrk-1");
            }

            foreach (var t in Rotate(round))
            {
                many[t.Name] = await RunAsync(wrk, t, c, _settings.WrkLoadSeconds, $"wrk-{c}");
            }

            var direct = one[_direct.Name];
            p50.Baseline.Add(direct.P50Ms);
            p99.Baseline.Add(direct.P99Ms);
            rps.Baseline.Add(many[_direct.Name].RequestsPerSecond);
            cpu.Baseline.Add(many[_direct.Name].CpuPerRequestUs);
            var baselineRps = many.TryGetValue("sluice-baseline", out var b) ? b.RequestsPerSecond : double.NaN;
            foreach (var t in _all)
            {
                if (t.IsDirect)
                {
                    continue;
                }

                p50.Add(t.Name, one[t.Name].P50Ms - direct.P50Ms);
                p99.Add(t.Name, one[t.Name].P99Ms - direct.P99Ms);
                rps.Add(t.Name, many[t.Name].RequestsPerSecond);
                cpu.Add(t.Name, many[t.Name].CpuPerRequestUs);
                if (t.Name == "sluice" && double.IsFinite(baselineRps))
                {
                    ratio.Add(t.Name, many[t.Name].RequestsPerSecond / baselineRps);
                }
            }

            _log.WriteLine($"  wrk round {round + 1}: direct p50 {direct.P50Ms:F3} p99 {direct.P99Ms:F3} ms, {rps.Baseline[round]:F0} req/s, mock {cpu.Baseline[round]:F1} µs | " +
                string.Join(" | ", _all.Where(t => !t.IsDirect).Select(t =>
                    $"{t.Name} {p50.Rounds[t.Name][round]:+0.000;-0.000} / {p99.Rounds[t.Name][round]:+0.000;-0.000} ms, {rps.Rounds[t.Name][round]:F0} req/s, {cpu.Rounds[t.Name][round]:F1} µs")));
        }

        List<Figure> figures = [p50, p99, rps, cpu, ratio];
        if (tls)
        {
            figures.Add(await HandshakesAsync(handshakesBefore));
        }

        return figures;
    }

    // The TLS target takes part in the wrk phases only, so the mock's count of accepted TLS connections from before their
    // warm-up to the end, divided by the requests sent, is the handshake rate callers pay.
    private async Task<Figure> HandshakesAsync(long before)
    {
        var handshakes = await _mock.TlsConnectionsAsync() - before;
        var figure = new Figure("tls_handshakes_per_1000", "Upstream TLS handshakes per 1,000 requests (whole run)", "handshakes", null,
            $"TLS connections the mock accepted ÷ requests Sluice sent over TLS: {handshakes} / {_tlsRequests}");
        foreach (var t in _all)
        {
            if (t.UpstreamTls)
            {
                figure.Add(t.Name, _tlsRequests > 0 ? handshakes * 1000.0 / _tlsRequests : double.NaN);
            }
        }

        _log.WriteLine($"  upstream TLS: {handshakes} handshakes for {_tlsRequests} requests");
        return figure;
    }

    private async Task<WrkResult> RunAsync(Wrk wrk, Target t, int connections, double seconds, string phase)
    {
        await Task.Delay(200);
        if (!t.IsDirect && !ProcessStats.IsAlive(t.Pid))
        {
            throw new InvalidOperationException($"{t.Name} (pid {t.Pid}) is no longer running");
        }

        var result = await wrk.RunAsync(t, connections, seconds, t.IsDirect ? _mockPid : t.Pid);
        if (t.UpstreamTls)
        {
            _tlsRequests += result.Requests;
        }

        _count($"{phase}/{t.Name}", result.Errors);
        if (result.Errors > 0)
        {
            _log.WriteLine($"  {phase} {t.Name}: {result.Errors} errors, first: {result.FirstError}");
        }

        return result;
    }

    // A different order every round, so no target always runs first (right after a pause) or last.
    private List<Target> Rotate(int round)
    {
        var shift = round % _all.Count;
        var rotated = new List<Target>(_all.Count);
        for (var i = 0; i < _all.Count; i++)
        {
            rotated.Add(_all[(i + shift) % _all.Count]);
        }

        return rotated;
    }
}
