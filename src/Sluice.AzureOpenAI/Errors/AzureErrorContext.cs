namespace Sluice.AzureOpenAI.Errors;

/// <summary>What an Azure OpenAI error is about: the resource, the deployment, the api-version and how the account signs in.</summary>
public sealed record AzureErrorContext(string Resource, string Deployment, string ApiVersion, bool EntraAuth);
