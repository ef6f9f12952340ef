using System.Globalization;
using System.Runtime.InteropServices;

namespace Sluice.Bench.Load;

/// <summary>Reads a process's CPU time and resident memory from /proc.</summary>
public static partial class ProcessStats
{
    private const int ScClkTck = 2;
    private static readonly double TicksPerSecond = ReadClockTicks();

    /// <summary>User plus system CPU time of the whole process (exited threads included), in microseconds.</summary>
    public static double CpuMicroseconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // Field 2 (comm) may hold spaces; fields after the last ')' are space separated, utime/stime are fields 14/15.
        var rest = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var utime = long.Parse(rest[11], CultureInfo.InvariantCulture);
        var stime = long.Parse(rest[12], CultureInfo.InvariantCulture);
        return (utime + stime) * 1_000_000.0 / TicksPerSecond;
    }

    /// <summary>Resident set size (VmRSS) in megabytes (MiB).</summary>
    public static double RssMegabytes(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                var kb = long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
                return kb / 1024.0;
            }
        }

        return double.NaN;
    }

    /// <summary>True when the process exists.</summary>
    public static bool IsAlive(int pid) => pid > 0 && Directory.Exists($"/proc/{pid}");

    private static double ReadClockTicks()
    {
        try
        {
            var ticks = SysConf(ScClkTck);
            return ticks > 0 ? ticks : 100;
        }
        catch (DllNotFoundException)
        {
            return 100;
        }
        catch (EntryPointNotFoundException)
        {
            return 100;
        }
    }

    [LibraryImport("libc", EntryPoint = "sysconf")]
    private static partial long SysConf(int name);
}
