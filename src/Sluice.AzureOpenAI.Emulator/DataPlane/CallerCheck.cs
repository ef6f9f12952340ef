using Microsoft.AspNetCore.Http;
using Sluice.AzureOpenAI.Emulator.Entra;
using Sluice.AzureOpenAI.Emulator.Fixtures;

namespace Sluice.AzureOpenAI.Emulator.DataPlane;

/// <summary>Azure's first checks of a data-plane call: a served api-version (else 404), then the <c>api-key</c> or an Entra token (else 401).</summary>
internal static class CallerCheck
{
    /// <summary>Writes Azure's error and returns false when the call may not go on.</summary>
    public static async Task<bool> PassesAsync(HttpContext context, AzureResourceState resource, EntraDirectory directory)
    {
        var request = context.Request;
        var apiVersion = request.Query["api-version"].ToString();
        if (apiVersion.Length == 0 || !resource.ApiVersions.Contains(apiVersion))
        {
            await AzureErrorWriter.CodeAsync(context, 404, "404", AzureErrorWriter.ResourceNotFound);
            return false;
        }

        var apiKey = request.Headers["api-key"].ToString();
        var authorization = request.Headers.Authorization.ToString();
        if (apiKey.Length > 0)
        {
            if (string.Equals(apiKey, resource.ApiKey, StringComparison.Ordinal)) return true;
            await AzureErrorWriter.CodeAsync(context, 401, "401", AzureErrorWriter.InvalidKey);
            return false;
        }

        if (authorization.StartsWith("Bearer ", StringComparison.Ordinal) && directory.IsValid(authorization["Bearer ".Length..])) return true;
        await AzureErrorWriter.CodeAsync(context, 401, "401", authorization.Length == 0 ? AzureErrorWriter.InvalidKey : AzureErrorWriter.InvalidToken);
        return false;
    }
}
