using System.Buffers;
using Amazon.Runtime;
using BenchmarkDotNet.Attributes;
using Sluice.Bedrock.Converse;
using Sluice.Bedrock.Signing;
using Sluice.Core.Chat;
using Sluice.Gateway.OpenAi;

namespace Sluice.Benchmarks;

/// <summary>The non-streaming request path up to the wire: OpenAI parse, Converse serialisation, SigV4 signing.</summary>
[MemoryDiagnoser]
public class RequestPathBenchmarks
{
    private static readonly Uri Endpoint = new("https://bedrock-runtime.us-east-1.amazonaws.com/model/anthropic.claude-3-5-sonnet-20240620-v1%3A0/converse");
    private static readonly DateTimeOffset Now = new(2025, 6, 2, 12, 0, 0, TimeSpan.Zero);
    private readonly ArrayBufferWriter<byte> _buffer = new(8192);
    private readonly ConverseOptions _options = ConverseOptions.Permissive("anthropic.claude-3-5-sonnet-20240620-v1:0");
    private readonly ImmutableCredentials _credentials = new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", null);
    private readonly SigV4Signer _signer = new();
    private ChatRequest _request = null!;

    /// <summary>Parses the sample once for the benchmarks that start from the neutral model.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _request = ChatRequestParser.Parse(SamplePayloads.ChatBody).Request;
        _buffer.ResetWrittenCount();
        ConverseRequestWriter.Write(_request, _options, _buffer);
    }

    /// <summary>OpenAI JSON to ChatRequest to Converse JSON.</summary>
    [Benchmark]
    public int ParseAndTranslate()
    {
        var parsed = ChatRequestParser.Parse(SamplePayloads.ChatBody);
        _buffer.ResetWrittenCount();
        ConverseRequestWriter.Write(parsed.Request, _options, _buffer);
        return _buffer.WrittenCount;
    }

    /// <summary>Serialise the Converse body and sign the request as it goes out (HttpRequestMessage included).</summary>
    [Benchmark]
    public string SerializeAndSign()
    {
        _buffer.ResetWrittenCount();
        ConverseRequestWriter.Write(_request, _options, _buffer);
        using var message = new HttpRequestMessage(HttpMethod.Post, Endpoint);
        return _signer.Sign(message, "application/json", _buffer.WrittenSpan, _credentials, "us-east-1", "bedrock", Now).Signature;
    }

    /// <summary>SigV4 alone over an already serialised body (cached signing key).</summary>
    [Benchmark]
    public string SignOnly() =>
        _signer.ComputeSignature("POST", Endpoint.AbsolutePath, null, Endpoint.Host, "application/json", _buffer.WrittenSpan,
            _credentials, "us-east-1", "bedrock", Now).Signature;
}
