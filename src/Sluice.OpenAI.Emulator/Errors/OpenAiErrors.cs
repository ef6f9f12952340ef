using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Sluice.OpenAI.Emulator.Errors;

/// <summary>OpenAI's error answers, with the status codes, bodies and headers its API sends.</summary>
internal static class OpenAiErrors
{
    public static Task WriteAsync(HttpContext ctx, int status, string message, string? type = "invalid_request_error", string? param = null, string? code = null,
        TimeSpan? retryAfter = null)
    {
        var response = ctx.Response;
        response.StatusCode = status;
        response.ContentType = "application/json; charset=utf-8";
        if (retryAfter is { } wait)
        {
            response.Headers["retry-after"] = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            response.Headers["retry-after-ms"] = ((long)wait.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
        }

        return response.WriteAsync(Body(message, type, param, code).ToJsonString());
    }

    public static JsonObject Body(string message, string? type, string? param, string? code) => new()
    {
        ["error"] = new JsonObject { ["message"] = message, ["type"] = type, ["param"] = param, ["code"] = code },
    };

    public static Task FaultAsync(HttpContext ctx, EmulatorFault fault) =>
        WriteAsync(ctx, fault.Status, fault.Message, fault.Type, null, fault.Code, fault.RetryAfter);

    public static Task MissingKeyAsync(HttpContext ctx) => WriteAsync(ctx, 401,
        "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field (with blank username) if you're accessing the API from your browser and are prompted for a username and password. You can obtain an API key from https://platform.openai.com/account/api-keys.");

    public static Task WrongKeyAsync(HttpContext ctx, string key) => WriteAsync(ctx, 401,
        $"Incorrect API key provided: {Redact(key)}. You can find your API key at https://platform.openai.com/account/api-keys.", code: "invalid_api_key");

    public static Task ModelNotFoundAsync(HttpContext ctx, string model) => WriteAsync(ctx, 404,
        $"The model `{model}` does not exist or you do not have access to it.", code: "model_not_found");

    public static Task InvalidJsonAsync(HttpContext ctx) => WriteAsync(ctx, 400,
        "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON. If you have trouble figuring out how to fix this, please contact us through our help center at help.openai.com.)");

    public static Task UnknownParameterAsync(HttpContext ctx, string name) => WriteAsync(ctx, 400,
        $"Unrecognized request argument supplied: {name}", param: null);

    public static Task MissingAsync(HttpContext ctx, string param) => WriteAsync(ctx, 400,
        $"Missing required parameter: '{param}'.", param: param, code: "missing_required_parameter");

    public static Task InvalidValueAsync(HttpContext ctx, string param, string message) => WriteAsync(ctx, 400, message, param: param, code: "invalid_value");

    public static Task InvalidTypeAsync(HttpContext ctx, string param, string expected) => WriteAsync(ctx, 400,
        $"Invalid type for '{param}': expected {expected}.", param: param, code: "invalid_type");

    // OpenAI shows the first and last characters of a wrong key only.
    private static string Redact(string key) => key.Length <= 8 ? "****" : key[..3] + new string('*', key.Length - 7) + key[^4..];
}
