using System.Globalization;

namespace Sluice.Bench.Load;

/// <summary>The machine-wide CPU time counters of /proc/stat, for the steal time over a stretch of the run.</summary>
public static class ProcStat
{
    /// <summary>The "cpu" line's user, nice, system, idle, iowait, irq, softirq and steal counters; null where there is no /proc/stat.</summary>
    public static long[]? CpuTimes()
    {
        if (!File.Exists("/proc/stat")) return null;
        var first = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return first.Length >= 9 ? first[1..9].Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray() : null;
    }

    // Steal time between two readings, as a share of all CPU time: the hypervisor running other guests on this VM's
    // cores. On a shared VM it, not the gateway, sets much of the p99; the report prints it beside the load averages.
    /// <summary>Steal time between two <see cref="CpuTimes"/> readings, percent with one decimal, or "n/a".</summary>
    public static string StealPercent(long[]? start, long[]? end)
    {
        if (start is null || end is null) return "n/a";
        var total = 0L;
        for (var i = 0; i < start.Length; i++) total += end[i] - start[i];
        return total <= 0 ? "n/a" : (100.0 * (end[7] - start[7]) / total).ToString("F1", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Waits until the machine is quiet (all CPUs together less than <paramref name="busyPercent"/> busy over one second:
    /// user, nice, system, irq and softirq time) or <paramref name="timeout"/> has passed; returns the last second's busy share.
    /// </summary>
    public static double WaitForQuiet(double busyPercent, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var busy = double.NaN;
        do
        {
            var start = CpuTimes();
            Thread.Sleep(1000);
            var end = CpuTimes();
            if (start is null || end is null) return double.NaN;
            long total = 0, work = 0;
            for (var i = 0; i < start.Length; i++)
            {
                var d = end[i] - start[i];
                total += d;
                if (i is not (3 or 4 or 7)) work += d; // not idle, iowait or steal
            }

            busy = total <= 0 ? 0 : 100.0 * work / total;
        }
        while (busy >= busyPercent && DateTime.UtcNow < deadline);

        return busy;
    }
}
