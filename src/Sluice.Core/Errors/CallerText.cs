namespace Sluice.Core.Errors;

/// <summary>
/// Caller input quoted in an error message is cut to a readable length: a 1 MB model name must not come back whole
/// (it bloats every error, and echoes whatever the caller sent into logs and UIs).
/// </summary>
public static class CallerText
{
    /// <summary>How many characters of one caller value an error message quotes at most.</summary>
    public const int MaxQuoted = 200;

    /// <summary>The value itself when short, else its first <see cref="MaxQuoted"/> characters and how many were left out.</summary>
    public static string Quote(string? value, int max = MaxQuoted)
    {
        if (value is null) return "";
        if (value.Length <= max) return value;
        var cut = char.IsHighSurrogate(value[max - 1]) ? max - 1 : max; // never split a surrogate pair
        return string.Concat(value.AsSpan(0, cut), $"… ({value.Length - cut} more characters)");
    }
}
