using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Sluice.Gateway.Hosting;

/// <summary>
/// Runs the data plane on the socket threads instead of handing every I/O completion to the thread pool.
/// </summary>
/// <remarks>
/// A proxied call is a chain of short CPU bursts between socket events (read request, send upstream, read answer, write
/// reply). By default each event is queued to the thread pool and a worker is woken for it: about 18 thread switches
/// per non-streaming call. With <c>DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1</c> (read once, by the runtime, when
/// the first socket is used) and Kestrel's inline scheduling, the bursts run on the epoll thread that saw the event:
/// 7 switches and about a quarter less gateway CPU per call (bench/results, "inline I/O"). The price is that code
/// which blocks holds up every connection on that thread, so whatever is not the OpenAI API (admin API and UI,
/// which use the SQLite store synchronously) is moved to the thread pool first.
/// </remarks>
public static class InlineIo
{
    /// <summary>The runtime's switch for running socket continuations on the epoll threads.</summary>
    public const string RuntimeVariable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    /// <summary>
    /// Turns inline socket completions on for this process unless the variable is already set (set it to 0 to opt out).
    /// Call first thing in <c>Main</c>: the runtime reads the variable once, when the first socket is used.
    /// </summary>
    public static void EnableForProcess()
    {
        if (Environment.GetEnvironmentVariable(RuntimeVariable) is null)
        {
            Environment.SetEnvironmentVariable(RuntimeVariable, "1");
        }
    }

    /// <summary>True when socket completions run inline in this process.</summary>
    public static bool IsEnabled => Environment.GetEnvironmentVariable(RuntimeVariable) == "1";

    internal static void ConfigureKestrel(IWebHostBuilder webHost) =>
        webHost.UseSockets(o => o.UnsafePreferInlineScheduling = true);

    /// <summary>Moves every request outside <c>/v1</c> off the socket thread before it can block on the store.</summary>
    internal static void UseThreadPoolOutsideApi(IApplicationBuilder app) =>
        app.Use(static (context, next) => context.Request.Path.StartsWithSegments("/v1", StringComparison.Ordinal)
            ? next(context) // no async frame of its own on the API path
            : OnThreadPoolAsync(context, next));

    private static async Task OnThreadPoolAsync(HttpContext context, RequestDelegate next)
    {
        await Task.Yield(); // No synchronisation context: the rest runs on a thread-pool worker.
        await next(context);
    }
}
