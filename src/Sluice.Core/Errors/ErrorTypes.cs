namespace Sluice.Core.Errors;

/// <summary>The OpenAI error <c>type</c> values the gateway uses.</summary>
public static class ErrorTypes
{
    public const string InvalidRequest = "invalid_request_error";
    public const string Authentication = "authentication_error";
    public const string Permission = "permission_error";
    public const string NotFound = "not_found_error";
    public const string RateLimit = "rate_limit_error";
    public const string Server = "server_error";
    public const string Upstream = "upstream_error";
    public const string Timeout = "timeout_error";
}
