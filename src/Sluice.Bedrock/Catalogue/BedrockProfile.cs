namespace Sluice.Bedrock.Catalogue;

/// <summary>A system inference profile <c>{Prefix}.{model}</c>: callable from <see cref="SourceRegions"/>, served in <see cref="DestinationRegions"/>.</summary>
public sealed record BedrockProfile(string Prefix, IReadOnlyList<string> SourceRegions, IReadOnlyList<string> DestinationRegions);
