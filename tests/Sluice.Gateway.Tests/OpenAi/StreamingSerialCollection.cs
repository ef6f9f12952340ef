namespace Sluice.Gateway.Tests.OpenAi;

/// <summary>
/// Streaming tests that depend on the server noticing a client's disconnect run alone: with the browser and
/// functional suites in parallel, Kestrel's disconnect notice was seen to arrive late on this 2-core machine.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class StreamingSerialCollection
{
    public const string Name = "Streaming (serial)";
}
