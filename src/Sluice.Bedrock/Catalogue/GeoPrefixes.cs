namespace Sluice.Bedrock.Catalogue;

/// <summary>The geo prefixes of Bedrock system inference profiles (<c>{geo}.{modelId}</c>) and how regions map to them.</summary>
public static class GeoPrefixes
{
    /// <summary>Every known prefix; <c>us-gov</c> comes before <c>us</c> so the longer one wins when stripping.</summary>
    public static readonly IReadOnlyList<string> All = ["us-gov", "us", "eu", "apac", "jp", "au", "ca", "in", "global"];

    /// <summary>Splits <c>us.anthropic.x</c> into <c>us</c> and <c>anthropic.x</c>; false when the ID has no known prefix.</summary>
    public static bool TryStrip(string id, out string geo, out string baseModelId)
    {
        for (var i = 0; i < All.Count; i++)
        {
            var prefix = All[i];
            if (id.Length > prefix.Length + 1 && id[prefix.Length] == '.' && id.StartsWith(prefix, StringComparison.Ordinal))
            {
                geo = prefix;
                baseModelId = id[(prefix.Length + 1)..];
                return true;
            }
        }

        geo = "";
        baseModelId = id;
        return false;
    }

    /// <summary>
    /// The prefixes whose profiles a caller in <paramref name="region"/> can use, best first: the region's own geo,
    /// then a wider one (<c>apac</c> for <c>jp</c>/<c>au</c>), then <c>global</c>.
    /// </summary>
    public static IReadOnlyList<string> ForRegion(string region)
    {
        if (region.StartsWith("us-gov-", StringComparison.Ordinal))
        {
            return ["us-gov"];
        }

        if (region.StartsWith("us-", StringComparison.Ordinal))
        {
            return ["us", "global"];
        }

        if (region.StartsWith("eu-", StringComparison.Ordinal))
        {
            return ["eu", "global"];
        }

        if (region is "ap-northeast-1" or "ap-northeast-3")
        {
            return ["jp", "apac", "global"];
        }

        if (region is "ap-southeast-2" or "ap-southeast-4")
        {
            return ["au", "apac", "global"];
        }

        if (region is "ap-south-1" or "ap-south-2")
        {
            return ["in", "apac", "global"];
        }

        if (region.StartsWith("ap-", StringComparison.Ordinal) || region == "me-central-1")
        {
            return ["apac", "global"];
        }

        if (region.StartsWith("ca-", StringComparison.Ordinal))
        {
            return ["ca", "global"];
        }

        return ["global"];
    }
}
