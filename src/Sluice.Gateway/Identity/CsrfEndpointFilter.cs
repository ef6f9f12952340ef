using Microsoft.AspNetCore.Http;
using Sluice.Gateway.Errors;

namespace Sluice.Gateway.Identity;

/// <summary>Applies <see cref="CsrfProtection"/> to one endpoint or group (<c>group.AddEndpointFilter&lt;CsrfEndpointFilter&gt;()</c>).</summary>
public sealed class CsrfEndpointFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var error = CsrfProtection.ErrorFor(CsrfProtection.Check(context.HttpContext.Request));
        if (error is null)
        {
            return await next(context);
        }

        await OpenAiErrorWriter.WriteAsync(context.HttpContext, error);
        return Results.Empty;
    }
}
