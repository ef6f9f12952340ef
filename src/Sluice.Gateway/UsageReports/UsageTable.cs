using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using Sluice.Gateway.Json;

namespace Sluice.Gateway.UsageReports;

/// <summary>
/// Writes the usage endpoints' rows as JSON (<c>{"data": [...], ...}</c>) or, to <c>Accept: text/csv</c>, as CSV with
/// the same column names. Values are strings, numbers, booleans, times, null, string arrays or stored JSON.
/// </summary>
internal static class UsageTable
{
    public static bool WantsCsv(HttpRequest request)
    {
        foreach (var accept in request.GetTypedHeaders().Accept)
        {
            if (accept.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase)) return true;
        }

        return false;
    }

    public static async Task WriteJsonAsync(HttpContext http, string[] columns, IEnumerable<object?[]> rows, Action<Utf8JsonWriter> extra)
    {
        http.Response.StatusCode = 200;
        http.Response.ContentType = "application/json";
        using (var w = new Utf8JsonWriter(http.Response.BodyWriter, GatewayJson.WriterOptions))
        {
            w.WriteStartObject();
            w.WriteStartArray("data");
            foreach (var row in rows)
            {
                w.WriteStartObject();
                for (var i = 0; i < columns.Length; i++)
                {
                    w.WritePropertyName(columns[i]);
                    WriteJson(w, row[i]);
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            extra(w);
            w.WriteEndObject();
        }

        await http.Response.BodyWriter.FlushAsync(http.RequestAborted);
    }

    /// <summary>CSV (RFC 4180); a cursor for the next page, when there is one, goes in the <c>X-Next-Cursor</c> header.</summary>
    public static async Task WriteCsvAsync(HttpContext http, string[] columns, IEnumerable<object?[]> rows, string? nextCursor = null)
    {
        http.Response.StatusCode = 200;
        http.Response.ContentType = "text/csv; charset=utf-8";
        if (nextCursor is not null) http.Response.Headers[NextCursorHeader] = nextCursor;
        var text = new StringBuilder();
        text.AppendJoin(',', columns).Append("\r\n");
        foreach (var row in rows)
        {
            for (var i = 0; i < row.Length; i++)
            {
                if (i > 0) text.Append(',');
                AppendCsv(text, row[i]);
            }

            text.Append("\r\n");
        }

        await http.Response.WriteAsync(text.ToString(), Encoding.UTF8, http.RequestAborted);
    }

    public const string NextCursorHeader = "X-Next-Cursor";

    /// <summary>JSON the store holds already validated (request metadata): written as is.</summary>
    public sealed record RawJson(string Text);

    private static void WriteJson(Utf8JsonWriter w, object? value)
    {
        switch (value)
        {
            case null: w.WriteNullValue(); break;
            case string s: w.WriteStringValue(s); break;
            case bool b: w.WriteBooleanValue(b); break;
            case int n: w.WriteNumberValue(n); break;
            case long n: w.WriteNumberValue(n); break;
            case double d: w.WriteNumberValue(d); break;
            case decimal m: w.WriteNumberValue(m); break;
            case DateTimeOffset t: w.WriteStringValue(t); break;
            case string[] list:
                w.WriteStartArray();
                foreach (var s in list) w.WriteStringValue(s);
                w.WriteEndArray();
                break;
            case RawJson json: w.WriteRawValue(json.Text, skipInputValidation: true); break;
            default: throw new InvalidOperationException($"No JSON form for {value.GetType()}.");
        }
    }

    private static void AppendCsv(StringBuilder text, object? value)
    {
        var s = value switch
        {
            null => "",
            string v => v,
            bool b => b ? "true" : "false",
            DateTimeOffset t => t.ToString("O", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            string[] list => string.Join(',', list),
            RawJson json => json.Text,
            _ => value.ToString() ?? "",
        };

        // Caller-chosen text (metadata, user fields) must not run as a formula when the file is opened in a spreadsheet.
        if (value is string or string[] or RawJson && s.Length > 0 && s[0] is '=' or '+' or '-' or '@' or '\t' or '\r') s = "'" + s;
        if (s.AsSpan().IndexOfAny(",\"\r\n") >= 0)
        {
            text.Append('"').Append(s.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
        }
        else
        {
            text.Append(s);
        }
    }
}
