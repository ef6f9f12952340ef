using System.Text.Encodings.Web;
using System.Text.Json;

namespace Sluice.OpenAI.Chat;

/// <summary>The JSON writer options of every body this project sends.</summary>
internal static class WireJson
{
    // Relaxed escaping: the upstream reads JSON, not HTML, and non-ASCII text stays as compact UTF-8.
    public static readonly JsonWriterOptions WriterOptions = new() { Indented = false, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
