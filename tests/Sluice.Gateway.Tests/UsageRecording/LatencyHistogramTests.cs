using Sluice.Gateway.UsageRecording;

namespace Sluice.Gateway.Tests.UsageRecording;

public sealed class LatencyHistogramTests
{
    [Theory]
    [InlineData(0.5)]
    [InlineData(0.95)]
    [InlineData(0.99)]
    public void Percentile_ManyLatencies_WithinFivePercentOfExactNearestRank(double p)
    {
        var random = new Random(7);
        var values = Enumerable.Range(0, 10_000).Select(_ => Math.Exp(random.NextDouble() * 10)).ToArray();
        var histogram = new LatencyHistogram();
        foreach (var v in values) histogram.Add(v);

        Array.Sort(values);
        var exact = values[(int)Math.Ceiling(p * values.Length) - 1];
        Assert.InRange(histogram.Percentile(p)!.Value, exact * 0.95, exact * 1.05);
    }

    [Fact]
    public void Add_EncodedHistograms_MergesToTheSameCountsAsOneHistogram()
    {
        var whole = new LatencyHistogram();
        var merged = new LatencyHistogram();
        var parts = new[] { new LatencyHistogram(), new LatencyHistogram() };
        for (var i = 1; i <= 1000; i++)
        {
            whole.Add(i * 3.7);
            parts[i % 2].Add(i * 3.7);
        }

        foreach (var part in parts) merged.Add(part.Encode());

        Assert.Equal(1000, merged.Count);
        Assert.Equal((whole.Percentile(0.5), whole.Percentile(0.95)), (merged.Percentile(0.5), merged.Percentile(0.95)));
    }

    [Fact]
    public void Percentile_Empty_IsNull()
    {
        Assert.Null(new LatencyHistogram().Percentile(0.5));
    }
}
