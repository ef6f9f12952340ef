using System.Runtime.InteropServices;

namespace Sluice.Gateway.Hosting;

/// <summary>
/// A dedicated thread for background work that must not hold up requests: on Linux it runs under the kernel's
/// <c>SCHED_IDLE</c> policy, so it gets a core only when nothing else wants it, and gives it back the moment a request
/// thread wakes up.
/// </summary>
/// <remarks>
/// The usage writer inserts hundreds of rows at a time; at normal priority each batch is a burst of CPU that requests
/// arriving meanwhile wait behind (seen as p99 latency on a 2-core machine). A lower nice value was not enough: the
/// kernel (EEVDF) lets a running thread finish its time slice before a woken one runs, so requests still waited
/// 1–4 ms behind a nice +10 writer (<c>perf sched</c>, bench/README.md). A <c>SCHED_IDLE</c> thread is preempted at
/// once. The price: on cores that are never idle it gets almost no time, so work that must finish (usage rows) needs a
/// way back to normal priority when it falls behind (see <c>UsageWriterService</c>); an unprivileged thread cannot
/// leave <c>SCHED_IDLE</c> itself. Where the policy cannot be set, the thread falls back to nice +10. .NET's thread
/// priorities do nothing on Linux, hence the system calls.
/// </remarks>
public static class BackgroundThread
{
    /// <summary>The nice value used when <c>SCHED_IDLE</c> cannot be set (0 is normal, 19 the lowest).</summary>
    public const int FallbackNice = 10;

    /// <summary>Runs <paramref name="work"/> on a new low-priority thread; the task completes (or faults) with it.</summary>
    public static Task Run(string name, Action work)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            LowerCurrentThreadPriority();
            try
            {
                work();
                done.SetResult();
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        })
        {
            IsBackground = true,
            Name = name,
        };
        thread.Start();
        return done.Task;
    }

    /// <summary>True when the calling thread runs under <c>SCHED_IDLE</c>; false elsewhere or when it cannot be read.</summary>
    public static bool CurrentIsIdlePolicy()
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            return Native.sched_getscheduler(0) == Native.SchedIdle;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return false;
        }
    }

    private static void LowerCurrentThreadPriority()
    {
        if (!OperatingSystem.IsLinux()) return;
        try
        {
            // Lowering needs no privilege; failing only means the thread competes as before. pid 0 is this thread.
            var param = 0;
            if (Native.sched_setscheduler(0, Native.SchedIdle, ref param) != 0)
            {
                _ = Native.setpriority(Native.PrioProcess, Native.gettid(), FallbackNice);
            }
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
        }
    }

    private static class Native
    {
        public const int PrioProcess = 0;
        public const int SchedIdle = 5;

        [DllImport("libc", SetLastError = true)]
        public static extern int sched_setscheduler(int pid, int policy, ref int param);

        [DllImport("libc", SetLastError = true)]
        public static extern int sched_getscheduler(int pid);

        [DllImport("libc", SetLastError = true)]
        public static extern int setpriority(int which, int who, int prio);

        [DllImport("libc")]
        public static extern int gettid();
    }
}
