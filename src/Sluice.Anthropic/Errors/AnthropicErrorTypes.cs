namespace Sluice.Anthropic.Errors;

/// <summary>Anthropic's error types with the status each is sent with (https://docs.anthropic.com/en/api/errors).</summary>
public static class AnthropicErrorTypes
{
    public const string InvalidRequest = "invalid_request_error";
    public const string Authentication = "authentication_error";
    public const string Permission = "permission_error";
    public const string NotFound = "not_found_error";
    public const string RequestTooLarge = "request_too_large";
    public const string RateLimit = "rate_limit_error";
    public const string Api = "api_error";
    public const string Overloaded = "overloaded_error";

    /// <summary>Sluice's own type for a server that could not be reached or answered with something that is not Anthropic's.</summary>
    public const string Connection = "connection_error";

    /// <summary>The status Anthropic sends a type with: a mid-stream <c>error</c> event carries only the type.</summary>
    public static int StatusOf(string type) => type switch
    {
        InvalidRequest => 400,
        Authentication => 401,
        Permission => 403,
        NotFound => 404,
        RequestTooLarge => 413,
        RateLimit => 429,
        Overloaded => 529,
        _ => 500,
    };

    /// <summary>The type Anthropic uses for a status, for answers whose body is not Anthropic's error JSON (a proxy's page).</summary>
    public static string TypeOf(int status) => status switch
    {
        400 => InvalidRequest,
        401 => Authentication,
        403 => Permission,
        404 => NotFound,
        413 => RequestTooLarge,
        429 => RateLimit,
        529 => Overloaded,
        _ => Api,
    };
}
