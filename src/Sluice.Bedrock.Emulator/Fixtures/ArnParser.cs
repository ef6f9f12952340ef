namespace Sluice.Bedrock.Emulator;

/// <summary>A parsed arn:partition:service:region:account:type/id.</summary>
internal readonly record struct ParsedArn(string Service, string Region, string Account, string ResourceType, string ResourceId);

internal static class ArnParser
{
    public static bool TryParse(string? value, out ParsedArn arn)
    {
        arn = default;
        if (value is null || !value.StartsWith("arn:", StringComparison.Ordinal))
        {
            return false;
        }

        var parts = value.Split(':', 6);
        if (parts.Length != 6 || parts[1] != "aws")
        {
            return false;
        }

        var slash = parts[5].IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == parts[5].Length - 1)
        {
            return false;
        }

        arn = new ParsedArn(parts[2], parts[3], parts[4], parts[5][..slash], parts[5][(slash + 1)..]);
        return true;
    }
}
