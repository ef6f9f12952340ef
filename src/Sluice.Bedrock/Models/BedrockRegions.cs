using System.Collections.Frozen;

namespace Sluice.Bedrock.Models;

/// <summary>AWS regions (commercial, GovCloud, China), for validation and "did you mean" hints.</summary>
public static class BedrockRegions
{
    /// <summary>Every region this build knows, in no particular order.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        "us-east-1", "us-east-2", "us-west-1", "us-west-2",
        "af-south-1",
        "ap-east-1", "ap-east-2", "ap-south-1", "ap-south-2",
        "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5", "ap-southeast-6", "ap-southeast-7",
        "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
        "ca-central-1", "ca-west-1",
        "eu-central-1", "eu-central-2", "eu-west-1", "eu-west-2", "eu-west-3", "eu-south-1", "eu-south-2", "eu-north-1",
        "il-central-1", "me-south-1", "me-central-1", "mx-central-1", "sa-east-1",
        "us-gov-east-1", "us-gov-west-1",
        "cn-north-1", "cn-northwest-1",
    ];

    private static readonly FrozenSet<string> Known = All.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Whether <paramref name="region"/> is a region this build knows.</summary>
    public static bool IsKnown(string? region) => region is not null && Known.Contains(region);

    /// <summary>Whether the region is in the China partition (endpoints end in <c>amazonaws.com.cn</c>).</summary>
    public static bool IsChina(string region) => region.StartsWith("cn-", StringComparison.Ordinal);

    /// <summary>The DNS suffix of the region's partition.</summary>
    public static string DnsSuffix(string region) => IsChina(region) ? "amazonaws.com.cn" : "amazonaws.com";

    /// <summary>
    /// Whether <paramref name="region"/> is safe to put in a host name (lowercase letters, digits, '-'), known or not:
    /// new regions appear faster than this list is updated.
    /// </summary>
    public static bool IsWellFormed(string? region)
    {
        if (string.IsNullOrEmpty(region) || region.Length > 32 || region[0] == '-' || region[^1] == '-')
        {
            return false;
        }

        foreach (var c in region)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The known region closest to <paramref name="region"/> by edit distance, for "did you mean"; null when none is close.</summary>
    public static string? Nearest(string? region)
    {
        if (string.IsNullOrWhiteSpace(region))
        {
            return null;
        }

        var input = region.Trim().ToLowerInvariant();
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in All)
        {
            var d = EditDistance(input, candidate);
            if (d < bestDistance)
            {
                bestDistance = d;
                best = candidate;
            }
        }

        // Beyond a few edits the "suggestion" is noise.
        return bestDistance <= Math.Max(2, input.Length / 3) ? best : null;
    }

    internal static int EditDistance(string a, string b)
    {
        Span<int> previous = stackalloc int[b.Length + 1];
        Span<int> current = stackalloc int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            current.CopyTo(previous);
        }

        return previous[b.Length];
    }
}
