namespace Sluice.Anthropic.Client;

/// <summary>What a call to one Anthropic account needs: where the API is, the key, and extra headers of the account.</summary>
/// <param name="BaseUrl">The API's root (<c>https://api.anthropic.com</c> unless a proxy or emulator is configured), without <c>/v1</c>.</param>
/// <param name="ApiKey">Sent as <c>x-api-key</c>.</param>
/// <param name="Headers">The account's extra headers (not secrets), sent with every call.</param>
public sealed record AnthropicAccountSettings(string BaseUrl, string ApiKey, IReadOnlyDictionary<string, string>? Headers = null)
{
    /// <summary>Anthropic's public endpoint, used when an account names no base_url.</summary>
    public const string DefaultBaseUrl = "https://api.anthropic.com";

    /// <summary>The <c>anthropic-version</c> sent when the caller sent none (chat completions, or a caller without the header).</summary>
    public const string DefaultVersion = "2023-06-01";

    /// <summary>The base URL with no trailing slash and no trailing <c>/v1</c>, so both spellings of a proxy address work.</summary>
    public string Root { get; } = Normalize(BaseUrl);

    private static string Normalize(string url)
    {
        var root = url.TrimEnd('/');
        return root.EndsWith("/v1", StringComparison.Ordinal) ? root[..^3] : root;
    }

    public override string ToString() => $"AnthropicAccountSettings {{ BaseUrl = {BaseUrl} }}";
}
