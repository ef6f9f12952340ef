using Sluice.Bedrock.Credentials;
using Sluice.Bedrock.Runtime;

namespace Sluice.Bedrock.Provider;

/// <summary>A Bedrock provider account: its default region, how it authenticates, and optional endpoint overrides.</summary>
public sealed record BedrockAccountSettings(string Region, BedrockAuth Auth, BedrockEndpoints Endpoints);
