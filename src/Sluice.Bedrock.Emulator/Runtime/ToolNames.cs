namespace Sluice.Bedrock.Emulator;

internal static class ToolNames
{
    public static bool IsValidName(string name)
    {
        if (name.Length is 0 or > 64) return false;
        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '-')) return false;
        }

        return true;
    }

    public static bool IsValidToolUseId(string id)
    {
        if (id.Length == 0) return false;
        foreach (var c in id)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or ':' or '-')) return false;
        }

        return true;
    }
}
