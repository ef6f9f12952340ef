using Google.Protobuf;

namespace Sluice.Gateway.Tests.Telemetry.Otlp;

/// <summary>
/// Reads the fields a test needs from an OTLP <c>ExportTraceServiceRequest</c> with <see cref="CodedInputStream"/>,
/// by the field numbers of the OTLP protobuf definitions (opentelemetry-proto: collector/trace/v1, trace/v1,
/// common/v1, resource/v1); every other field is skipped, as a receiver must.
/// </summary>
public static class OtlpTraceDecoder
{
    public static List<OtlpSpan> Decode(ReadOnlySpan<byte> request)
    {
        var spans = new List<OtlpSpan>();
        var input = new CodedInputStream(request.ToArray());
        for (var tag = input.ReadTag(); tag != 0; tag = input.ReadTag())
        {
            if (Field(tag) == 1) ReadResourceSpans(input.ReadBytes(), spans); // ExportTraceServiceRequest.resource_spans
            else input.SkipLastField();
        }

        return spans;
    }

    private static void ReadResourceSpans(ByteString bytes, List<OtlpSpan> spans)
    {
        var service = "";
        var scopeSpans = new List<ByteString>();
        var input = bytes.CreateCodedInput();
        for (var tag = input.ReadTag(); tag != 0; tag = input.ReadTag())
        {
            switch (Field(tag))
            {
                case 1: // ResourceSpans.resource
                    var resource = ReadAttributes(input.ReadBytes(), attributesField: 1);
                    service = resource.GetValueOrDefault("service.name") as string ?? "";
                    break;
                case 2: // ResourceSpans.scope_spans
                    scopeSpans.Add(input.ReadBytes());
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }

        foreach (var scope in scopeSpans) ReadScopeSpans(scope, service, spans);
    }

    private static void ReadScopeSpans(ByteString bytes, string service, List<OtlpSpan> spans)
    {
        var scope = "";
        var raw = new List<ByteString>();
        var input = bytes.CreateCodedInput();
        for (var tag = input.ReadTag(); tag != 0; tag = input.ReadTag())
        {
            switch (Field(tag))
            {
                case 1: // ScopeSpans.scope: InstrumentationScope.name is field 1
                    var scopeInput = input.ReadBytes().CreateCodedInput();
                    for (var t = scopeInput.ReadTag(); t != 0; t = scopeInput.ReadTag())
                    {
                        if (Field(t) == 1) scope = scopeInput.ReadString();
                        else scopeInput.SkipLastField();
                    }

                    break;
                case 2: // ScopeSpans.spans
                    raw.Add(input.ReadBytes());
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }

        foreach (var span in raw) spans.Add(ReadSpan(span, service, scope));
    }

    private static OtlpSpan ReadSpan(ByteString bytes, string service, string scope)
    {
        string trace = "", span = "", parent = "", name = "";
        var kind = OtlpSpanKind.Unspecified;
        var status = OtlpStatusCode.Unset;
        var attributes = new Dictionary<string, object>(StringComparer.Ordinal);
        var input = bytes.CreateCodedInput();
        for (var tag = input.ReadTag(); tag != 0; tag = input.ReadTag())
        {
            switch (Field(tag))
            {
                case 1: trace = Hex(input.ReadBytes()); break;
                case 2: span = Hex(input.ReadBytes()); break;
                case 4: parent = Hex(input.ReadBytes()); break;
                case 5: name = input.ReadString(); break;
                case 6: kind = (OtlpSpanKind)input.ReadEnum(); break;
                case 9: AddKeyValue(input.ReadBytes(), attributes); break;
                case 15: status = ReadStatus(input.ReadBytes()); break;
                default: input.SkipLastField(); break;
            }
        }

        return new OtlpSpan(service, scope, trace, span, parent, name, kind, status, attributes);
    }

    private static OtlpStatusCode ReadStatus(ByteString bytes)
    {
        var input = bytes.CreateCodedInput();
        var code = OtlpStatusCode.Unset;
        for (var tag = input.ReadTag(); tag != 0; tag = input.ReadTag())
        {
            if (Field(tag) == 3) code = (OtlpStatusCode)input.ReadEnum(); // Status.code (field 2 is the message)
            else input.SkipLastField();
        }

        return code;
    }

    /// <summary>The repeated <c>KeyValue</c> field <paramref name="attributesField"/> of a message (a Resource's is 1).</summary>
    private static Dictionary<string, object> ReadAttributes(ByteString bytes, int attributesField)
    {
        var attributes = new Dictionary<string, object>(StringComparer.Ordinal);
        var input = bytes.CreateCodedInput();
        for (var tag = input.ReadTag(); tag != 0; tag = input.ReadTag())
        {
            if (Field(tag) == attributesField) AddKeyValue(input.ReadBytes(), attributes);
            else input.SkipLastField();
        }

        return attributes;
    }

    private static void AddKeyValue(ByteString bytes, Dictionary<string, object> into)
    {
        var input = bytes.CreateCodedInput();
        string? key = null;
        object? value = null;
        for (var tag = input.ReadTag(); tag != 0; tag = input.ReadTag())
        {
            switch (Field(tag))
            {
                case 1: key = input.ReadString(); break;
                case 2: value = ReadAnyValue(input.ReadBytes()); break;
                default: input.SkipLastField(); break;
            }
        }

        if (key is not null && value is not null) into[key] = value;
    }

    /// <summary><c>AnyValue</c>: string (1), bool (2), int64 (3), double (4), array (5) of strings or numbers.</summary>
    private static object? ReadAnyValue(ByteString bytes)
    {
        var input = bytes.CreateCodedInput();
        object? value = null;
        for (var tag = input.ReadTag(); tag != 0; tag = input.ReadTag())
        {
            switch (Field(tag))
            {
                case 1: value = input.ReadString(); break;
                case 2: value = input.ReadBool(); break;
                case 3: value = input.ReadInt64(); break;
                case 4: value = input.ReadDouble(); break;
                case 5: value = ReadArray(input.ReadBytes()); break;
                default: input.SkipLastField(); break;
            }
        }

        return value;
    }

    private static object[] ReadArray(ByteString bytes)
    {
        var values = new List<object>();
        var input = bytes.CreateCodedInput();
        for (var tag = input.ReadTag(); tag != 0; tag = input.ReadTag())
        {
            if (Field(tag) != 1)
            {
                input.SkipLastField();
                continue;
            }

            if (ReadAnyValue(input.ReadBytes()) is { } value) values.Add(value); // ArrayValue.values
        }

        return [.. values];
    }

    private static int Field(uint tag) => WireFormat.GetTagFieldNumber(tag);

    private static string Hex(ByteString bytes) => Convert.ToHexStringLower(bytes.Span);
}
