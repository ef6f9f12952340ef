using System.Text.RegularExpressions;

namespace Sluice.AzureOpenAI.Client;

/// <summary>The <c>api-version</c> query parameter every Azure OpenAI data-plane call carries.</summary>
public static partial class AzureApiVersion
{
    /// <summary>Used when an account sets no <c>api_version</c>: the latest generally available data-plane version.</summary>
    public const string Default = "2024-10-21";

    /// <summary>Whether <paramref name="value"/> looks like an Azure API version (<c>2024-10-21</c>, <c>2025-04-01-preview</c>).</summary>
    public static bool IsWellFormed(string value) => Pattern().IsMatch(value);

    [GeneratedRegex(@"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(-preview)?$")]
    private static partial Regex Pattern();
}
