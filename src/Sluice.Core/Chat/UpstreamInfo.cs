namespace Sluice.Core.Chat;

/// <summary>What the provider actually called: the upstream model ID and the region that served it.</summary>
public sealed record UpstreamInfo(string ModelId, string Region);
