using System.Globalization;

namespace Sluice.Gateway.Telemetry;

/// <summary>HTTP status codes as label strings, built once: a status tag costs neither a box nor a string per request.</summary>
internal static class StatusText
{
    private static readonly string[] Texts = Build();

    public static string Of(int status) =>
        (uint)status < (uint)Texts.Length ? Texts[status] : status.ToString(CultureInfo.InvariantCulture);

    private static string[] Build()
    {
        var texts = new string[600];
        for (var i = 0; i < texts.Length; i++)
        {
            texts[i] = i.ToString(CultureInfo.InvariantCulture);
        }

        return texts;
    }
}
