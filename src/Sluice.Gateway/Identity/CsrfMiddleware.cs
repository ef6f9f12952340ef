using Microsoft.AspNetCore.Http;
using Sluice.Gateway.Errors;

namespace Sluice.Gateway.Identity;

/// <summary>Applies <see cref="CsrfProtection"/> to every request that reaches it (<c>app.UseMiddleware&lt;CsrfMiddleware&gt;()</c>).</summary>
public sealed class CsrfMiddleware
{
    private readonly RequestDelegate _next;

    public CsrfMiddleware(RequestDelegate next) => _next = next;

    public Task InvokeAsync(HttpContext context)
    {
        var error = CsrfProtection.ErrorFor(CsrfProtection.Check(context.Request));
        return error is null ? _next(context) : OpenAiErrorWriter.WriteAsync(context, error);
    }
}
