namespace Sluice.AzureOpenAI.Emulator.Fixtures;

/// <summary>A failure the emulated resource answers the next call to a deployment with, as Azure sends it.</summary>
public enum AzureFault
{
    /// <summary>429 with <c>retry-after</c> (seconds from <see cref="AzureResourceState.RetryAfterSeconds"/>).</summary>
    RateLimit,

    /// <summary>500 <c>server_error</c>.</summary>
    ServerError,

    /// <summary>400 <c>content_filter</c> with <c>innererror.code = ResponsibleAIPolicyViolation</c>.</summary>
    ContentFilter,

    /// <summary>A stream that sends some content, then an error event, then closes without <c>[DONE]</c>.</summary>
    MidStreamError,
}
