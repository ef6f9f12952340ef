using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Sluice.Bench.Mock;

/// <summary>How the mock shapes one answer: delay to first byte, answer length and stream pacing.</summary>
public sealed record MockSettings
{
    /// <summary>Delay before the response headers and first byte are sent, in milliseconds.</summary>
    public int TtfbMs { get; init; }

    /// <summary>Number of output tokens (words) in a non-streaming answer.</summary>
    public int Tokens { get; init; } = 16;

    /// <summary>Number of text chunks in a streamed answer.</summary>
    public int Chunks { get; init; } = 64;

    /// <summary>Pause between two streamed chunks, in milliseconds.</summary>
    public int IntervalMs { get; init; } = 20;

    /// <summary>Applies <c>x-mock-*</c> headers, then same-named query parameters (<c>ttfb_ms</c>, <c>tokens</c>, <c>chunks</c>, <c>interval_ms</c>).</summary>
    public MockSettings With(HttpRequest request)
    {
        var result = this;
        if (request.Headers.Count > 0)
        {
            result = result.Apply("x-mock-ttfb-ms", request.Headers["x-mock-ttfb-ms"])
                .Apply("x-mock-tokens", request.Headers["x-mock-tokens"])
                .Apply("x-mock-chunks", request.Headers["x-mock-chunks"])
                .Apply("x-mock-interval-ms", request.Headers["x-mock-interval-ms"]);
        }

        if (request.QueryString.HasValue)
        {
            foreach (var pair in request.Query)
            {
                result = result.Apply(pair.Key, pair.Value);
            }
        }

        return result;
    }

    /// <summary>Parses startup arguments such as <c>--chunks 64 --interval-ms 20</c>.</summary>
    public static MockSettings FromArgs(string[] args)
    {
        var result = new MockSettings();
        for (var i = 0; i + 1 < args.Length; i++)
        {
            if (args[i].StartsWith("--", StringComparison.Ordinal))
            {
                result = result.Apply(args[i][2..], args[i + 1]);
            }
        }

        return result;
    }

    private MockSettings Apply(string name, string? value)
    {
        if (string.IsNullOrEmpty(value) || !int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) || n < 0)
        {
            return this;
        }

        return name.Replace("x-mock-", "", StringComparison.Ordinal).Replace('-', '_') switch
        {
            "ttfb_ms" => this with { TtfbMs = n },
            "tokens" => this with { Tokens = Math.Max(1, n) },
            "chunks" => this with { Chunks = Math.Max(1, n) },
            "interval_ms" => this with { IntervalMs = n },
            _ => this,
        };
    }
}
