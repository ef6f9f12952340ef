using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Sluice.Core.Errors;

namespace Sluice.Gateway.Pipeline;

/// <summary>
/// Requests refused before any model was called (401, 403, 404, 400, 429 and the like) get their request metric and
/// access-log line like served calls. The reporter is looked up per refusal: refusals are the rare path, and the
/// front ends' frames then need no constructor change.
/// </summary>
internal static class Refusals
{
    /// <param name="start">A <see cref="Stopwatch"/> timestamp of the request's arrival.</param>
    public static void Report(HttpContext context, ApiCall? call, string requestId, string operation, long start, int status, GatewayError error)
    {
        if (context.RequestAborted.IsCancellationRequested) return; // nobody was answered
        if (context.RequestServices.GetService<UsageReporter>() is not { } usage) return;
        usage.ReportRefusal(call, requestId, operation, start, status, error.Code ?? error.Type);
    }
}
