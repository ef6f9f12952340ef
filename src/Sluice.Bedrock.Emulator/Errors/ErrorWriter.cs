using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Sluice.Bedrock.Emulator;

/// <summary>Renders <see cref="AwsError"/> the way each AWS protocol does.</summary>
internal static class ErrorWriter
{
    private const string BedrockNamespace = "http://internal.amazon.com/coral/com.amazon.bedrock/";
    private const string CoralNamespace = "http://internal.amazon.com/coral/com.amazon.coral.service/";

    public static async Task WriteJsonAsync(HttpContext http, AwsError error, string requestId)
    {
        var res = http.Response;
        res.StatusCode = error.Status;
        res.Headers["x-amzn-RequestId"] = requestId;
        res.Headers["x-amzn-ErrorType"] = error.Type + ":" + (error.FrontDoor ? CoralNamespace : BedrockNamespace);
        res.ContentType = "application/json";
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            if (error.Type == "UnknownOperationException")
            {
                // AWS answers unroutable paths with an empty-ish body; keep a null message like it does.
                w.WriteNull("message");
            }
            else
            {
                w.WriteString(error.CapitalMessage ? "Message" : "message", error.Message);
            }

            w.WriteEndObject();
        }

        res.ContentLength = buffer.Length;
        await res.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
    }

    public static async Task WriteStsAsync(HttpContext http, AwsError error, string requestId)
    {
        var res = http.Response;
        var code = error.StsCode ?? error.Type;
        var status = code switch
        {
            "ExpiredToken" => 400,
            "IncompleteSignature" => 400,
            _ => error.Status,
        };
        res.StatusCode = status;
        res.Headers["x-amzn-RequestId"] = requestId;
        res.ContentType = "text/xml";
        var xml = new StringBuilder(256)
            .Append("<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\n  <Error>\n    <Type>")
            .Append(status >= 500 ? "Receiver" : "Sender")
            .Append("</Type>\n    <Code>").Append(code)
            .Append("</Code>\n    <Message>").Append(Xml(error.Message))
            .Append("</Message>\n  </Error>\n  <RequestId>").Append(requestId)
            .Append("</RequestId>\n</ErrorResponse>\n")
            .ToString();
        var bytes = Encoding.UTF8.GetBytes(xml);
        res.ContentLength = bytes.Length;
        await res.Body.WriteAsync(bytes);
    }

    /// <summary>Escapes text content the way AWS does: only &amp;, &lt; and &gt; (quotes stay literal).</summary>
    public static string Xml(string s) => s.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
}
