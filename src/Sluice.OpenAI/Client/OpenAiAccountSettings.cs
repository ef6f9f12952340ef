namespace Sluice.OpenAI.Client;

/// <summary>An OpenAI or OpenAI-compatible account as the provider needs it.</summary>
/// <param name="BaseUrl">Null = OpenAI's public API.</param>
/// <param name="ApiKey">Null or empty = no <c>Authorization</c> header (servers without keys).</param>
/// <param name="Headers">Extra headers sent on every call; null when none.</param>
public sealed record OpenAiAccountSettings(
    string? BaseUrl,
    string? ApiKey,
    string? Organization = null,
    string? Project = null,
    IReadOnlyDictionary<string, string>? Headers = null);
