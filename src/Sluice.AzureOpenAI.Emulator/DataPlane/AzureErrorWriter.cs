using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Sluice.AzureOpenAI.Emulator.DataPlane;

/// <summary>Azure OpenAI's error answers, byte for byte in shape: <c>{"error":{...}}</c> with the fields Azure sends for each case.</summary>
internal static class AzureErrorWriter
{
    public const string ResourceNotFound = "Resource not found";

    public const string InvalidKey = "Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.";

    public const string InvalidToken = "Unauthorized. Access token is missing, invalid, audience is incorrect (https://cognitiveservices.azure.com), or have expired.";

    public const string NoDeployment = "The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again.";

    public const string ServerError = "The server had an error while processing your request. Sorry about that!";

    public const string ContentFiltered = "The response was filtered due to the prompt triggering Azure OpenAI's content management policy. Please modify your prompt and retry. To learn more about our content filtering policies please read our documentation: https://go.microsoft.com/fwlink/?linkid=2198766";

    /// <summary>The gateway-style errors (<c>{"error":{"code","message"}}</c>): 401, 404, 429 and the deployment errors.</summary>
    public static Task CodeAsync(HttpContext context, int status, string code, string message)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new { error = new { code, message } });
        return WriteAsync(context, status, body);
    }

    /// <summary>The model-side errors (<c>{"error":{"message","type","param","code"}}</c>), as OpenAI shapes them.</summary>
    public static Task ModelAsync(HttpContext context, int status, string message, string? type, string? param, string? code)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new { error = new { message, type, param, code } });
        return WriteAsync(context, status, body);
    }

    public static Task RateLimitAsync(HttpContext context, string operation, string apiVersion, int seconds)
    {
        context.Response.Headers["retry-after"] = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        context.Response.Headers["x-ratelimit-remaining-requests"] = "0";
        return CodeAsync(context, 429, "429",
            $"Requests to the {operation} Operation under Azure OpenAI API version {apiVersion} have exceeded token rate limit of your current OpenAI S0 pricing tier. Please retry after {seconds} seconds. Go here for more details: https://aka.ms/oai/quotaincrease if you would like to further increase the default rate limit.");
    }

    public static Task ContentFilterAsync(HttpContext context)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new
        {
            error = new
            {
                message = ContentFiltered,
                type = (string?)null,
                param = "prompt",
                code = "content_filter",
                status = 400,
                innererror = new
                {
                    code = "ResponsibleAIPolicyViolation",
                    content_filter_result = new
                    {
                        hate = new { filtered = false, severity = "safe" },
                        jailbreak = new { filtered = false, detected = false },
                        self_harm = new { filtered = false, severity = "safe" },
                        sexual = new { filtered = false, severity = "safe" },
                        violence = new { filtered = true, severity = "medium" },
                    },
                },
            },
        });
        return WriteAsync(context, 400, body);
    }

    private static async Task WriteAsync(HttpContext context, int status, byte[] body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.Headers["apim-request-id"] = Guid.NewGuid().ToString();
        await context.Response.Body.WriteAsync(body, context.RequestAborted);
    }
}
