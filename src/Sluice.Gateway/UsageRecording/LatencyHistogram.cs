namespace Sluice.Gateway.UsageRecording;

/// <summary>
/// A log-scale histogram of milliseconds: bucket 0 holds values under 1 ms, bucket i ≥ 1 holds [1.1^(i-1), 1.1^i).
/// Percentiles are reported as the bucket's geometric middle, so they are within 5% of the exact nearest-rank value
/// (for values of 1 ms and more). Kept per rollup row as a few bytes, merged by adding counts.
/// </summary>
internal sealed class LatencyHistogram
{
    public const int Buckets = 220;
    private const double Growth = 1.1;
    private static readonly double LogGrowth = Math.Log(Growth);
    private readonly long[] _counts = new long[Buckets];

    public long Count { get; private set; }

    public static int BucketOf(double ms) =>
        ms < 1 || double.IsNaN(ms) ? 0 : (int)Math.Min(Buckets - 1, 1 + Math.Floor(Math.Log(ms) / LogGrowth));

    /// <summary>The value a bucket reports: the geometric middle of its bounds (0.5 for the under-1-ms bucket).</summary>
    public static double ValueOf(int bucket) => bucket == 0 ? 0.5 : Math.Pow(Growth, bucket - 0.5);

    public void Add(double ms)
    {
        _counts[BucketOf(ms)]++;
        Count++;
    }

    public void Add(LatencyHistogram other)
    {
        for (var i = 0; i < Buckets; i++) _counts[i] += other._counts[i];
        Count += other.Count;
    }

    /// <summary>Adds an encoded histogram (<see cref="Encode"/>): pairs of bucket index and a variable-length count.</summary>
    public void Add(ReadOnlySpan<byte> encoded)
    {
        var i = 0;
        while (i < encoded.Length)
        {
            int bucket = encoded[i++];
            long count = 0;
            var shift = 0;
            byte b;
            do
            {
                b = encoded[i++];
                count |= (long)(b & 0x7F) << shift;
                shift += 7;
            }
            while ((b & 0x80) != 0);

            _counts[Math.Min(bucket, Buckets - 1)] += count;
            Count += count;
        }
    }

    /// <summary>The most bytes <see cref="EncodeTo"/> writes: a bucket index and a count of up to 10 bytes per bucket.</summary>
    public const int MaxEncodedLength = Buckets * 11;

    public byte[] Encode()
    {
        Span<byte> encoded = stackalloc byte[MaxEncodedLength];
        return encoded[..EncodeTo(encoded)].ToArray();
    }

    /// <summary>Writes the encoding <see cref="Encode"/> returns into <paramref name="destination"/>; returns its length.</summary>
    public int EncodeTo(Span<byte> destination)
    {
        var length = 0;
        for (var i = 0; i < Buckets; i++)
        {
            var count = (ulong)_counts[i];
            if (count == 0) continue;
            destination[length++] = (byte)i;
            while (count >= 0x80)
            {
                destination[length++] = (byte)(count | 0x80);
                count >>= 7;
            }

            destination[length++] = (byte)count;
        }

        return length;
    }

    /// <summary>The nearest-rank percentile (<paramref name="p"/> in (0, 1]) to 0.1 ms, or null when empty.</summary>
    public double? Percentile(double p)
    {
        if (Count == 0) return null;
        var rank = Math.Max(1, (long)Math.Ceiling(p * Count));
        long seen = 0;
        for (var i = 0; i < Buckets; i++)
        {
            seen += _counts[i];
            if (seen >= rank) return Math.Round(ValueOf(i), 1);
        }

        return Math.Round(ValueOf(Buckets - 1), 1);
    }
}
