using System.Runtime.InteropServices;

namespace Sluice.Gateway.Hosting;

/// <summary>
/// A dedicated thread for background work that must not compete with requests: on Linux it runs at a lower scheduling
/// priority (nice +10), so when the cores are busy the kernel runs the socket threads serving requests first.
/// </summary>
/// <remarks>
/// The usage writer inserts hundreds of rows at a time; on the thread pool at normal priority each batch is a burst of
/// CPU that requests arriving meanwhile wait behind (seen as p99 latency on a 2-core machine). .NET's thread priorities
/// do nothing on Linux, so the thread's nice value is set directly (<c>setpriority</c> on its thread id).
/// </remarks>
public static class BackgroundThread
{
    /// <summary>The nice value background threads run at (0 is normal, 19 the lowest).</summary>
    public const int Nice = 10;

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

    /// <summary>The calling thread's nice value on Linux; null elsewhere or when it cannot be read.</summary>
    public static int? CurrentNice()
    {
        if (!OperatingSystem.IsLinux()) return null;
        try
        {
            Marshal.SetLastPInvokeError(0);
            var value = Native.getpriority(Native.PrioProcess, Native.gettid());
            return value == -1 && Marshal.GetLastPInvokeError() != 0 ? null : value;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return null;
        }
    }

    private static void LowerCurrentThreadPriority()
    {
        if (!OperatingSystem.IsLinux()) return;
        try
        {
            // Lowering needs no privilege; failing only means the writer competes as before.
            _ = Native.setpriority(Native.PrioProcess, Native.gettid(), Nice);
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
        }
    }

    private static class Native
    {
        public const int PrioProcess = 0;

        [DllImport("libc", SetLastError = true)]
        public static extern int setpriority(int which, int who, int prio);

        [DllImport("libc", SetLastError = true)]
        public static extern int getpriority(int which, int who);

        [DllImport("libc")]
        public static extern int gettid();
    }
}
