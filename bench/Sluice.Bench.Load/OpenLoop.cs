using System.Diagnostics;

namespace Sluice.Bench.Load;

/// <summary>
/// Constant-arrival-rate driver: request i is due at start + i/rate whatever happened to earlier requests,
/// and each call measures from its due time, so a slow server cannot hide its queueing (no coordinated omission).
/// </summary>
public static class OpenLoop
{
    /// <summary>Starts <paramref name="count"/> calls at <paramref name="rate"/> per second and waits for all of them.</summary>
    /// <param name="count">Number of calls.</param>
    /// <param name="rate">Arrivals per second.</param>
    /// <param name="call">Starts call i, due at the given Stopwatch timestamp; must not block.</param>
    /// <param name="precise">Spin the last ~1.5 ms before each due time (low rates); otherwise sleep in 1 ms steps.</param>
    public static async Task<double> RunAsync(int count, double rate, Func<int, long, Task> call, bool precise)
    {
        var tasks = new Task[count];
        var interval = Stopwatch.Frequency / rate;
        var start = Stopwatch.GetTimestamp() + (Stopwatch.Frequency / 100);
        var scheduled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            for (var i = 0; i < count; i++)
            {
                var due = start + (long)(i * interval);
                WaitUntil(due, precise);
                tasks[i] = StartSafely(call, i, due);
            }

            scheduled.SetResult();
        })
        {
            IsBackground = true,
            Name = "open-loop scheduler",
            Priority = ThreadPriority.AboveNormal,
        };
        thread.Start();
        await scheduled.Task;
        await Task.WhenAll(tasks);
        return Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    private static Task StartSafely(Func<int, long, Task> call, int i, long due)
    {
        try
        {
            return call(i, due);
        }
        catch (Exception e)
        {
            return Task.FromException(e);
        }
    }

    private static void WaitUntil(long due, bool precise)
    {
        while (true)
        {
            var remainingMs = (due - Stopwatch.GetTimestamp()) * 1000.0 / Stopwatch.Frequency;
            if (remainingMs <= 0)
            {
                return;
            }

            if (remainingMs > 1.5)
            {
                Thread.Sleep(Math.Max(1, (int)(remainingMs - 1.2)));
            }
            else if (precise)
            {
                Thread.SpinWait(64);
            }
            else
            {
                Thread.Sleep(1);
            }
        }
    }
}
