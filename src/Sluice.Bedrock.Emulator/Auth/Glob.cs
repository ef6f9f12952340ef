namespace Sluice.Bedrock.Emulator;

/// <summary>IAM-style wildcard matching (* and ?), case-sensitive like resource ARNs.</summary>
internal static class Glob
{
    public static bool IsMatch(string pattern, string value)
    {
        int p = 0, v = 0, star = -1, mark = 0;
        while (v < value.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || pattern[p] == value[v]))
            {
                p++;
                v++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = v;
            }
            else if (star >= 0)
            {
                p = star + 1;
                v = ++mark;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }

    public static bool AnyMatch(List<string> patterns, string value)
    {
        foreach (var pattern in patterns)
        {
            if (IsMatch(pattern, value))
            {
                return true;
            }
        }

        return false;
    }
}
