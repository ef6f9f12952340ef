using Microsoft.AspNetCore.Http;
using Sluice.Gateway.Errors;
using Sluice.Gateway.Snapshots;

namespace Sluice.Gateway.Admin;

/// <summary>Answers 401 (OpenAI-style) before any admin handler runs when the bearer key is missing or wrong.</summary>
public sealed class AdminAuthFilter(SnapshotHolder holder, TimeProvider time) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (!AdminAuthorization.TryAuthenticate(context.HttpContext, holder, time, out var error))
        {
            await OpenAiErrorWriter.WriteAsync(context.HttpContext, error!);
            return Results.Empty;
        }

        return await next(context);
    }
}
