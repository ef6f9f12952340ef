namespace Sluice.Bedrock.Emulator;

/// <summary>Service and Region read from a Host header like bedrock-runtime.us-west-2.localhost:PORT.</summary>
internal readonly record struct HostInfo(string? Service, string? Region)
{
    private static readonly string[] Suffixes = [".localhost", ".amazonaws.com", ".amazonaws.com.cn", ".api.aws"];

    public static HostInfo Parse(string? hostHeader)
    {
        if (string.IsNullOrEmpty(hostHeader))
        {
            return default;
        }

        var host = hostHeader;
        if (host.StartsWith('['))
        {
            return default; // IPv6 literal
        }

        var colon = host.LastIndexOf(':');
        if (colon >= 0)
        {
            host = host[..colon];
        }

        host = host.ToLowerInvariant();
        string? rest = null;
        foreach (var suffix in Suffixes)
        {
            if (host.EndsWith(suffix, StringComparison.Ordinal))
            {
                rest = host[..^suffix.Length];
                break;
            }
        }

        if (rest is null)
        {
            return default;
        }

        var labels = rest.Split('.');
        var service = labels[0];
        if (service.EndsWith("-fips", StringComparison.Ordinal))
        {
            service = service[..^5];
        }

        if (service is not ("bedrock-runtime" or "bedrock" or "sts"))
        {
            return default;
        }

        string? region = labels.Length >= 2 && LooksLikeRegion(labels[1]) ? labels[1] : null;
        return new HostInfo(service, region);
    }

    public static bool LooksLikeRegion(string s)
    {
        if (s.Length < 6 || !s.Contains('-', StringComparison.Ordinal))
        {
            return false;
        }

        return char.IsAsciiDigit(s[^1]);
    }
}
