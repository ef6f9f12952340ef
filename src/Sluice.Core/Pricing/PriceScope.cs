using System.Collections.Concurrent;

namespace Sluice.Core.Pricing;

/// <summary>
/// Where a request was served, read from the ID it used: a plain model ID is served in its region, <c>us.</c>,
/// <c>eu.</c>, <c>apac.</c>... by a geographic profile, <c>global.</c> anywhere, and us-gov (prefix or region) at
/// GovCloud's own prices. <see cref="Name"/> is what a usage record shows (<c>us-east-1</c>, <c>geo:eu</c>,
/// <c>global</c>, <c>us-gov</c>); <see cref="Keys"/> are the catalogue scopes that price it, most specific first.
/// A geographic profile is billed at its source region's price unless the catalogue lists the profile's own.
/// </summary>
public sealed record PriceScope(string Name, IReadOnlyList<string> Keys)
{
    /// <summary>The prefixes of system inference profiles; <c>us-gov</c> before <c>us</c> so the longer one wins.</summary>
    private static readonly string[] Prefixes = ["us-gov", "us", "eu", "apac", "jp", "au", "ca", "in", "global"];

    /// <summary>What a usage record shows for a private cost.</summary>
    public const string Private = "private";

    // Every call is priced on the request path; the IDs and regions in use are few, so each pair is worked out once.
    private static readonly ConcurrentDictionary<(string, string), PriceScope> Cache = new();

    /// <summary>The scope of a call made with <paramref name="calledId"/> (model or profile ID, or an ARN of one) from <paramref name="region"/>.</summary>
    public static PriceScope Of(string calledId, string region) =>
        Cache.TryGetValue((calledId, region), out var scope) ? scope : Cache.GetOrAdd((calledId, region), static k => Build(k.Item1, k.Item2));

    private static PriceScope Build(string calledId, string region)
    {
        var id = calledId;
        if (id.StartsWith("arn:", StringComparison.Ordinal))
        {
            var slash = id.IndexOf('/', StringComparison.Ordinal);
            id = slash < 0 ? id : id[(slash + 1)..];
        }

        var geo = GeoOf(id);
        var inRegion = "region:" + region;
        if (geo == "global")
        {
            return new PriceScope("global", ["global"]);
        }

        if (geo == "us-gov" || (geo is null && region.StartsWith("us-gov-", StringComparison.Ordinal)))
        {
            return new PriceScope("us-gov", ["us-gov", inRegion]);
        }

        if (geo is not null)
        {
            return new PriceScope("geo:" + geo, ["geo:" + geo, "geo", inRegion, "in-region"]);
        }

        return new PriceScope(region, [inRegion, "in-region"]);
    }

    private static string? GeoOf(string id)
    {
        foreach (var prefix in Prefixes)
        {
            if (id.Length > prefix.Length + 1 && id[prefix.Length] == '.' && id.StartsWith(prefix, StringComparison.Ordinal))
            {
                return prefix;
            }
        }

        return null;
    }
}
