using Microsoft.AspNetCore.Http;

namespace Sluice.Anthropic.Emulator.Validation;

/// <summary>The headers every Anthropic API call needs: a known <c>x-api-key</c>, <c>anthropic-version</c>, and only known betas.</summary>
internal static class HeaderRules
{
    /// <summary>API versions are dates (<c>2023-06-01</c>; newer SDKs send later ones): anything else is refused.</summary>
    private static readonly System.Text.RegularExpressions.Regex Version = new(@"^20[2-9]\d-[01]\d-[0-3]\d$", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    /// <summary>Betas Anthropic's documentation lists; any other value is refused, as Anthropic does.</summary>
    private static readonly HashSet<string> Betas = new(StringComparer.Ordinal)
    {
        "message-batches-2024-09-24", "prompt-caching-2024-07-31", "computer-use-2024-10-22", "computer-use-2025-01-24", "pdfs-2024-09-25",
        "token-counting-2024-11-01", "token-efficient-tools-2025-02-19", "output-128k-2025-02-19", "files-api-2025-04-14",
        "mcp-client-2025-04-04", "dev-full-thinking-2025-05-14", "interleaved-thinking-2025-05-14", "code-execution-2025-05-22",
        "extended-cache-ttl-2025-04-11", "context-1m-2025-08-07", "context-management-2025-06-27", "model-context-window-exceeded-2025-08-26",
        "skills-2025-10-02", "fine-grained-tool-streaming-2025-05-14", "claude-code-20250219", "oauth-2025-04-20",
        "web-fetch-2025-09-10", "code-execution-2025-08-25", "structured-outputs-2025-11-13", "effort-2025-11-24", "advanced-tool-use-2025-11-20",
    };

    public static void Check(HttpRequest request, IReadOnlyList<string> keys)
    {
        var key = request.Headers["x-api-key"].ToString();
        if (key.Length == 0)
        {
            throw new Rejection(401, "authentication_error", "x-api-key header is required");
        }

        var known = false;
        foreach (var k in keys) known |= string.Equals(k, key, StringComparison.Ordinal);
        if (!known) throw new Rejection(401, "authentication_error", "invalid x-api-key");

        var version = request.Headers["anthropic-version"].ToString();
        if (version.Length == 0) throw Rejection.Invalid("anthropic-version: header is required");
        if (!Version.IsMatch(version) || string.CompareOrdinal(version, "2023-01-01") < 0) throw Rejection.Invalid($"anthropic-version: invalid value '{version}'");

        var unknown = new List<string>();
        foreach (var header in request.Headers["anthropic-beta"])
        {
            foreach (var value in (header ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (!Betas.Contains(value)) unknown.Add(value);
            }
        }

        if (unknown.Count > 0)
        {
            throw Rejection.Invalid($"Unexpected value(s) `{string.Join("`, `", unknown)}` for the `anthropic-beta` header. Please consult our documentation at docs.anthropic.com or try again without the header.");
        }
    }
}
