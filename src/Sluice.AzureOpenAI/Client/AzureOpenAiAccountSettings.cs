using Sluice.AzureOpenAI.Entra;

namespace Sluice.AzureOpenAI.Client;

/// <summary>An Azure OpenAI account as the provider needs it: exactly one of <paramref name="ApiKey"/> and <paramref name="Entra"/>.</summary>
/// <param name="ResourceRoot">The resource endpoint without <c>/openai</c> (see <see cref="AzureResource.Normalize"/>).</param>
/// <param name="ApiVersion">The <c>api-version</c> of every call.</param>
/// <param name="ApiKey">Sent as the <c>api-key</c> header.</param>
/// <param name="Entra">An app registration whose Entra ID token is sent as <c>Authorization: Bearer</c>.</param>
/// <param name="Headers">Extra headers sent on every call; null when none.</param>
public sealed record AzureOpenAiAccountSettings(
    string ResourceRoot,
    string ApiVersion,
    string? ApiKey,
    EntraClientSecret? Entra,
    IReadOnlyDictionary<string, string>? Headers = null)
{
    public override string ToString() => $"AzureOpenAiAccountSettings {{ ResourceRoot = {ResourceRoot}, ApiVersion = {ApiVersion}, Entra = {Entra} }}";
}
