using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Sluice.Benchmarks;

/// <summary>A short in-process job: minutes, not tens of minutes, and no generated project to build.</summary>
public static class BenchConfig
{
    /// <summary>ShortRun (3 warm-ups, 3 iterations) in process, with the memory diagnoser.</summary>
    public static IConfig Create() => DefaultConfig.Instance
        .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance).WithId("short-inprocess"))
        .AddDiagnoser(MemoryDiagnoser.Default)
        .WithOptions(ConfigOptions.JoinSummary);
}
