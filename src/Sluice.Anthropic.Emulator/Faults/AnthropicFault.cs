namespace Sluice.Anthropic.Emulator;

/// <summary>A failure a test makes the emulator produce for a model.</summary>
public enum AnthropicFault
{
    None,

    /// <summary>429 rate_limit_error, with <c>retry-after</c> when <see cref="ModelKnobs.RetryAfterSeconds"/> is set.</summary>
    RateLimit,

    /// <summary>529 overloaded_error.</summary>
    Overloaded,

    /// <summary>500 api_error.</summary>
    ApiError,

    /// <summary>Streams only: an <c>error</c> event (<see cref="ModelKnobs.StreamErrorType"/>) after <see cref="ModelKnobs.FaultAfterEvents"/> events.</summary>
    StreamError,

    /// <summary>The connection is cut (streams: after <see cref="ModelKnobs.FaultAfterEvents"/> events).</summary>
    DropConnection,
}
