using System.Diagnostics;
using System.IO.Pipes;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Sluice.Bench.Load;

/// <summary>
/// Measures how much the machine itself delays a thread, with nothing else of the suite running: stalls seen by one
/// thread per CPU spinning on the clock, and the round trip of two threads waking each other through blocking pipes.
/// </summary>
public static partial class MachineNoise
{
    /// <summary>Idle time before each round trip of the second wake-up run, so the vCPUs halt as at light load.</summary>
    public const int IdleMicroseconds = 100;

    // Enough for a 10 µs round trip over the longest wake-up run the CLI is likely to be given; a full array ends the run.
    private const int MaxRoundTrips = 500_000;

    /// <summary>Runs the probe for about <paramref name="seconds"/>: 60 % spinning, then 20 % for each wake-up run.</summary>
    public static MachineNoiseResult Run(double seconds)
    {
        var cpus = AllowedCpus();
        var before = ProcStat.CpuTimes();
        var stalls = Stalls(cpus, seconds * 0.6);
        // The woken thread on another CPU than the waker: the gateway's wake-ups (socket to thread pool) cross CPUs too.
        var (caller, echo) = cpus.Count >= 2 ? (cpus[0], cpus[1]) : (-1, -1);
        var (backToBack, pinned) = WakeUps(seconds * 0.2, idle: false, caller, echo);
        var (afterIdle, _) = WakeUps(seconds * 0.2, idle: true, caller, echo);
        var wakeCpus = pinned ? $"CPU {caller} wakes CPU {echo}" : "unpinned";
        return new MachineNoiseResult(seconds, stalls, backToBack, afterIdle, wakeCpus, ProcStat.StealPercent(before, ProcStat.CpuTimes()));
    }

    private static List<StallCounter> Stalls(List<int> cpus, double seconds)
    {
        var count = cpus.Count > 0 ? cpus.Count : Environment.ProcessorCount;
        var counters = new StallCounter[count];
        var threads = new Thread[count];
        var until = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
        for (var i = 0; i < count; i++)
        {
            var index = i;
            var cpu = cpus.Count > 0 ? cpus[i] : -1;
            threads[i] = new Thread(() =>
            {
                var counter = new StallCounter(Stopwatch.Frequency) { Cpu = Pin(cpu) ? cpu : -1 };
                Spin(counter, until);
                counters[index] = counter;
            })
            { IsBackground = true, Name = $"stall probe {i}" };
        }

        foreach (var t in threads) t.Start();
        foreach (var t in threads) t.Join();
        return [.. counters];
    }

    // Optimized from the first call: a tier-0 loop's switch to optimized code would show up as a stall of its own.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Spin(StallCounter counter, long until)
    {
        var threshold = counter.ThresholdTicks;
        var switches = InvoluntarySwitches();
        var first = Stopwatch.GetTimestamp();
        var previous = first;
        while (previous < until)
        {
            var now = Stopwatch.GetTimestamp();
            if (now - previous >= threshold)
            {
                counter.Add(now - previous);
            }

            previous = now;
        }

        var switchesAfter = InvoluntarySwitches();
        counter.Close(previous - first, switches >= 0 && switchesAfter >= 0 ? switchesAfter - switches : -1);
    }

    // This thread's involuntary context switches so far (the scheduler ran another task in its place), or -1.
    private static long InvoluntarySwitches()
    {
        const string Key = "nonvoluntary_ctxt_switches:";
        if (!File.Exists("/proc/thread-self/status"))
        {
            return -1;
        }

        foreach (var line in File.ReadLines("/proc/thread-self/status"))
        {
            if (line.StartsWith(Key, StringComparison.Ordinal))
            {
                return long.Parse(line.AsSpan(Key.Length).Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return -1;
    }

    // Pipes rather than a .NET primitive: a blocking read() sleeps in the kernel at once, where SemaphoreSlim and
    // Monitor spin first, so each half of the round trip is one real wake-up of a sleeping thread.
    private static (Percentiles RoundTripUs, bool Pinned) WakeUps(double seconds, bool idle, int callerCpu, int echoCpu)
    {
        using var ping = new AnonymousPipeServerStream(PipeDirection.Out);
        using var pingIn = new AnonymousPipeClientStream(PipeDirection.In, ping.ClientSafePipeHandle);
        using var pong = new AnonymousPipeServerStream(PipeDirection.Out);
        using var pongIn = new AnonymousPipeClientStream(PipeDirection.In, pong.ClientSafePipeHandle);
        var samples = new double[MaxRoundTrips];
        var count = 0;
        var (echoPinned, callerPinned) = (false, false);
        var echo = new Thread(() =>
        {
            echoPinned = Pin(echoCpu);
            Echo(pingIn, pong);
        })
        { IsBackground = true, Name = "wake-up echo" };
        var caller = new Thread(() =>
        {
            callerPinned = Pin(callerCpu);
            count = Call(ping, pongIn, seconds, idle, samples);
        })
        { IsBackground = true, Name = "wake-up caller" };
        echo.Start();
        caller.Start();
        caller.Join();
        echo.Join();
        return (new Percentiles(samples.AsSpan(0, count)), echoPinned && callerPinned);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Echo(Stream input, Stream output)
    {
        var b = new byte[1];
        while (input.Read(b) == 1 && b[0] != 0)
        {
            output.Write(b);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Call(Stream output, Stream input, double seconds, bool idle, double[] samples)
    {
        var b = new byte[] { 1 };
        var microsecondsPerTick = 1e6 / Stopwatch.Frequency;
        // Not counted: the first round trips pay for the pipes' first use and the threads' first scheduling.
        for (var i = 0; i < 200; i++)
        {
            output.Write(b);
            input.ReadExactly(b);
        }

        var until = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
        var n = 0;
        while (n < samples.Length && Stopwatch.GetTimestamp() < until)
        {
            if (idle)
            {
                USleep(IdleMicroseconds);
            }

            var start = Stopwatch.GetTimestamp();
            output.Write(b);
            input.ReadExactly(b);
            samples[n++] = (Stopwatch.GetTimestamp() - start) * microsecondsPerTick;
        }

        b[0] = 0;
        output.Write(b);
        return n;
    }

    // The CPUs this process may run on (it may be limited by taskset or a cgroup); empty when they cannot be read.
    private static List<int> AllowedCpus()
    {
        var cpus = new List<int>();
        try
        {
            if (OperatingSystem.IsLinux() && SchedGetAffinity(0, sizeof(ulong), out var mask) == 0)
            {
                for (var cpu = 0; cpu < 64; cpu++)
                {
                    if ((mask & (1UL << cpu)) != 0) cpus.Add(cpu);
                }
            }
        }
        catch (DllNotFoundException)
        {
        }
        catch (EntryPointNotFoundException)
        {
        }

        return cpus;
    }

    // Pins the calling thread (pid 0 = this thread for sched_setaffinity); false when cpu is -1 or pinning failed.
    private static bool Pin(int cpu)
    {
        if (cpu < 0 || cpu >= 64)
        {
            return false;
        }

        var mask = 1UL << cpu;
        try
        {
            return SchedSetAffinity(0, sizeof(ulong), ref mask) == 0;
        }
        catch (DllNotFoundException)
        {
            return false;
        }
        catch (EntryPointNotFoundException)
        {
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "sched_getaffinity")]
    private static partial int SchedGetAffinity(int pid, nint size, out ulong mask);

    [LibraryImport("libc", EntryPoint = "sched_setaffinity")]
    private static partial int SchedSetAffinity(int pid, nint size, ref ulong mask);

    [LibraryImport("libc", EntryPoint = "usleep")]
    private static partial int USleep(uint microseconds);
}
