namespace Sluice.Anthropic.Client;

/// <summary>One server-sent event: its <c>event:</c> name (empty when none) and its <c>data:</c> lines joined.</summary>
public readonly record struct SseEvent(string Name, byte[] Data);
