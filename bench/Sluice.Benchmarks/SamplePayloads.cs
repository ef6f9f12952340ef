using System.Text;
using Sluice.Bench.Mock;

namespace Sluice.Benchmarks;

/// <summary>Inputs shared by the benchmarks: a typical OpenAI chat body and a 200-event ConverseStream answer.</summary>
public static class SamplePayloads
{
    /// <summary>A typical chat request: system prompt, a short history, one tool, sampling parameters.</summary>
    public static readonly byte[] ChatBody = Encoding.UTF8.GetBytes("""
        {"model":"my-bedrock/claude-3-5-sonnet","messages":[
          {"role":"system","content":"You are a helpful assistant for a logistics company. Answer briefly and cite order numbers."},
          {"role":"user","content":"Where is order 4711? It was due yesterday."},
          {"role":"assistant","content":"Let me look that up.","tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_order","arguments":"{\"order_id\":\"4711\"}"}}]},
          {"role":"tool","tool_call_id":"call_1","content":"{\"status\":\"in transit\",\"eta\":\"2025-06-03\",\"carrier\":\"DHL\"}"},
          {"role":"user","content":"Can you tell me when it will arrive and who is carrying it?"}],
         "tools":[{"type":"function","function":{"name":"get_order","description":"Look up an order by id",
           "parameters":{"type":"object","properties":{"order_id":{"type":"string"}},"required":["order_id"]}}}],
         "max_tokens":512,"temperature":0.3,"top_p":0.9,"stream":false}
        """);

    /// <summary>200 events as Bedrock sends them: messageStart, 196 text deltas, contentBlockStop, messageStop, metadata.</summary>
    public static readonly (string EventType, byte[] Payload)[] StreamEvents = BuildEvents();

    /// <summary>The same 200 events framed as one vnd.amazon.eventstream body.</summary>
    public static readonly byte[] StreamBody = BuildBody();

    private static (string, byte[])[] BuildEvents()
    {
        var events = new List<(string, byte[])> { ("messageStart", Utf8("{\"role\":\"assistant\",\"p\":\"abcdefgh\"}")) };
        for (var i = 0; i < 196; i++)
        {
            events.Add(("contentBlockDelta", Utf8("{\"contentBlockIndex\":0,\"delta\":{\"text\":\" word\"},\"p\":\"abcdefghijkl\"}")));
        }

        events.Add(("contentBlockStop", Utf8("{\"contentBlockIndex\":0,\"p\":\"abcd\"}")));
        events.Add(("messageStop", Utf8("{\"stopReason\":\"end_turn\",\"p\":\"abcdef\"}")));
        events.Add(("metadata", Utf8("{\"usage\":{\"inputTokens\":120,\"outputTokens\":196,\"totalTokens\":316},\"metrics\":{\"latencyMs\":812},\"p\":\"abc\"}")));
        return events.ToArray();
    }

    private static byte[] BuildBody()
    {
        var body = new MemoryStream();
        foreach (var (type, payload) in StreamEvents)
        {
            body.Write(EventStreamFrame.Event(type, Encoding.UTF8.GetString(payload)));
        }

        return body.ToArray();
    }

    private static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);
}
