namespace Sluice.Gateway.Tests.Scaling;

/// <summary>
/// The tests that measure "within a second" across instances run alone, after the parallel ones: with hundreds of
/// other tests on two cores the thread pool, not the gateway, decided how long a notification waited.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingCollection
{
    public const string Name = "Scale-out timing";
}
