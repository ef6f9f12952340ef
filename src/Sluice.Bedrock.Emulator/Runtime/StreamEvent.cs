namespace Sluice.Bedrock.Emulator;

/// <summary>One planned event-stream event; token events are paced by token_delay_ms.</summary>
internal readonly record struct StreamEvent(string EventType, byte[] Payload, bool Token);
