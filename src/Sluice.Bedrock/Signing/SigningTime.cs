using System.Globalization;

namespace Sluice.Bedrock.Signing;

/// <summary>The <c>X-Amz-Date</c> stamp and the date of the credential scope, formatted once per second.</summary>
internal sealed class SigningTime
{
    private static SigningTime? s_last;

    private SigningTime(long second, string amzDate)
    {
        Second = second;
        AmzDate = amzDate;
        Date = amzDate[..8];
    }

    private long Second { get; }

    /// <summary><c>yyyyMMddTHHmmssZ</c>.</summary>
    public string AmzDate { get; }

    /// <summary><c>yyyyMMdd</c>.</summary>
    public string Date { get; }

    public static SigningTime Of(DateTimeOffset now)
    {
        var second = now.UtcTicks / TimeSpan.TicksPerSecond;
        var last = s_last;
        if (last is not null && last.Second == second) return last;
        var stamp = new SigningTime(second, now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture));
        s_last = stamp; // a race only formats the same second twice
        return stamp;
    }
}
