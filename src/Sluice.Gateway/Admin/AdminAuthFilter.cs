using Microsoft.AspNetCore.Http;
using Sluice.Core.Errors;
using Sluice.Gateway.Errors;
using Sluice.Gateway.Identity;

namespace Sluice.Gateway.Admin;

/// <summary>
/// Answers 401 (OpenAI-style) before any admin handler runs when neither a valid bearer key nor a live session is
/// presented, and 403 <c>csrf_failed</c> for a cookie-authenticated state change without its CSRF token.
/// </summary>
public sealed class AdminAuthFilter(RequestAuthenticator authenticator) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var result = await authenticator.AuthenticateAsync(context.HttpContext);
        if (result.Principal is null)
        {
            await OpenAiErrorWriter.WriteAsync(context.HttpContext, result.Error!);
            return Results.Empty;
        }

        AdminAuthorization.SetPrincipal(context.HttpContext, result.Principal);
        try
        {
            return await next(context);
        }
        catch (GatewayException e) when (!context.HttpContext.Response.HasStarted)
        {
            // Bad input found below the handler (an unreadable body, say) is the caller's error, not a 500.
            await OpenAiErrorWriter.WriteAsync(context.HttpContext, e.Error);
            return Results.Empty;
        }
    }
}
