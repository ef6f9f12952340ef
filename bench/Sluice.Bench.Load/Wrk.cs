using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Sluice.Bench.Load;

/// <summary>Runs <c>wrk -t1 -cN -dS</c> against one target with a Lua script that posts its chat body and reports exact percentiles as JSON.</summary>
public sealed class Wrk : IDisposable
{
    private const string Marker = "WRKJSON ";
    private readonly string _folder = Directory.CreateTempSubdirectory("sluice-bench-wrk.").FullName;
    private readonly Dictionary<string, string> _scripts = new(StringComparer.Ordinal);

    /// <summary>Runs wrk once; <paramref name="cpuPid"/> is the process whose utime+stime is read before and after (0: none).</summary>
    public async Task<WrkResult> RunAsync(Target target, int connections, double seconds, int cpuPid)
    {
        var start = new ProcessStartInfo("wrk")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
                 {
                     "-t1", "-c" + connections.ToString(CultureInfo.InvariantCulture),
                     "-d" + Math.Max(1, (int)Math.Round(seconds)).ToString(CultureInfo.InvariantCulture) + "s",
                     "--timeout", "5s", "-s", Script(target), target.Url.ToString(),
                 })
        {
            start.ArgumentList.Add(arg);
        }

        var cpuBefore = ProcessStats.IsAlive(cpuPid) ? ProcessStats.CpuMicroseconds(cpuPid) : double.NaN;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("wrk did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var cpu = ProcessStats.IsAlive(cpuPid) ? ProcessStats.CpuMicroseconds(cpuPid) - cpuBefore : double.NaN;
        var output = await stdout;
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith(Marker, StringComparison.Ordinal));
        if (process.ExitCode != 0 || line is null)
        {
            var why = (await stderr).Trim();
            return WrkResult.Failed($"{target.Name}: wrk exited {process.ExitCode} without its JSON line: {(why.Length > 0 ? why : output.Trim())}");
        }

        using var json = JsonDocument.Parse(line[Marker.Length..]);
        var r = json.RootElement;
        double N(string name) => r.GetProperty(name).GetDouble();
        var non2xx = (int)N("non2xx");
        var socket = (int)(N("connect") + N("read") + N("write") + N("timeout"));
        string? first = null;
        if (non2xx > 0)
        {
            first = $"{target.Name}: {non2xx} answers were not 2xx (first: HTTP {N("first_status"):F0})";
        }
        else if (socket > 0)
        {
            first = $"{target.Name}: socket errors: connect {N("connect"):F0}, read {N("read"):F0}, write {N("write"):F0}, timeout {N("timeout"):F0}";
        }

        var requests = (long)N("requests");
        return new WrkResult(requests, N("duration_us") / 1e6, N("p50_us") / 1000, N("p99_us") / 1000, non2xx + socket, first,
            requests > 0 ? cpu / requests : double.NaN);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is harmless.
        }
    }

    // One script per target: its body and headers, a response() that counts non-2xx answers per thread, and a done()
    // that sums them and prints wrk's own latency percentiles (microseconds, from every request) as one JSON line.
    private string Script(Target target)
    {
        if (_scripts.TryGetValue(target.Name, out var path))
        {
            return path;
        }

        var lua = new StringBuilder();
        lua.Append("wrk.method = \"POST\"\n");
        lua.Append("wrk.body = ").Append(LongString(target.ChatBodyText)).Append('\n');
        lua.Append("wrk.headers[\"Content-Type\"] = \"application/json\"\n");
        foreach (var header in target.Headers)
        {
            lua.Append("wrk.headers[ ").Append(LongString(header.Key)).Append(" ] = ").Append(LongString(header.Value)).Append('\n');
        }

        lua.Append("""
            local threads = {}
            function setup(thread) table.insert(threads, thread) end
            function init(args) non2xx = 0; first_status = 0 end
            function response(status, headers, body)
              if status < 200 or status > 299 then
                non2xx = non2xx + 1
                if first_status == 0 then first_status = status end
              end
            end
            function done(summary, latency, requests)
              local bad, first = 0, 0
              for _, t in ipairs(threads) do
                bad = bad + t:get("non2xx")
                if first == 0 then first = t:get("first_status") end
              end
              local e = summary.errors
              io.write(string.format('WRKJSON {"requests":%.0f,"duration_us":%.0f,"p50_us":%.0f,"p99_us":%.0f,"non2xx":%.0f,"first_status":%.0f,"connect":%.0f,"read":%.0f,"write":%.0f,"timeout":%.0f}\n',
                summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), bad, first,
                e.connect, e.read, e.write, e.timeout))
            end

            """);
        path = Path.Combine(_folder, target.Name + ".lua");
        File.WriteAllText(path, lua.ToString());
        _scripts[target.Name] = path;
        return path;
    }

    // A Lua long string needs no escaping as long as its closing bracket does not occur inside.
    private static string LongString(string value)
    {
        var level = "=";
        while (value.Contains("]" + level + "]", StringComparison.Ordinal))
        {
            level += "=";
        }

        return "[" + level + "[" + value + "]" + level + "]";
    }
}
