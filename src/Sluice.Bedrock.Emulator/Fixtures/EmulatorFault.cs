namespace Sluice.Bedrock.Emulator;

/// <summary>Fault injected by a model's knobs.</summary>
public enum EmulatorFault
{
    /// <summary>No fault.</summary>
    None,

    /// <summary>429 ThrottlingException before the response.</summary>
    Throttle,

    /// <summary>500 InternalServerException before the response.</summary>
    Internal,

    /// <summary>503 ServiceUnavailableException before the response.</summary>
    Unavailable,

    /// <summary>Streaming ops only: an exception frame after fault_after_events events.</summary>
    StreamException,

    /// <summary>Abort the connection (streaming: after fault_after_events events; non-streaming: before any response).</summary>
    DropConnection,
}
