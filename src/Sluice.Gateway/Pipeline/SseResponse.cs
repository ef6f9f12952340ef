using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Sluice.Gateway.Pipeline;

/// <summary>
/// The status and headers of a server-sent-events answer, set before the upstream stream exists so that a keep-alive
/// comment may start the response while a router is still trying targets; undone when the call fails before anything
/// was sent, so the caller gets an ordinary JSON error instead.
/// </summary>
internal static class SseResponse
{
    public static void Start(HttpContext context)
    {
        var http = context.Response;
        http.StatusCode = 200;
        http.ContentType = "text/event-stream";
        http.Headers.CacheControl = "no-cache";
        http.Headers["X-Accel-Buffering"] = "no";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
    }

    /// <summary>Nothing was sent: the error writer then sets its own status and content type.</summary>
    public static void Undo(HttpResponse http)
    {
        http.Headers.CacheControl = default;
        http.Headers.Remove("X-Accel-Buffering");
    }
}
