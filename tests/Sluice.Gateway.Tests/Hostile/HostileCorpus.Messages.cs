namespace Sluice.Gateway.Tests.Hostile;

/// <summary>The corpus's Anthropic Messages cases (<c>/v1/messages</c>, <c>/v1/messages/count_tokens</c>).</summary>
public static partial class HostileCorpus
{
    // Anthropic's /v1/messages: the same kinds of broken bodies get a 4xx in Anthropic's shape (error.type, error.message).
    private static void MessagesBodies(List<HostileCase> c)
    {
        const string Messages = "/v1/messages";
        const string Claude = "keys/claude-3-5-sonnet";
        void Raw(string name, string body, int status = 400, string path = Messages) => c.Add(new("messages: " + name, "POST", path, Utf8(body), status));
        void Field(string name, string fields, int status = 400) =>
            Raw(name, $$"""{"model":"{{Claude}}","max_tokens":10,"messages":{{Hi}},{{fields}}}""", status);
        void Message(string name, string message, int status = 400) =>
            Raw(name, $$"""{"model":"{{Claude}}","max_tokens":10,"messages":[{{message}}]}""", status);

        Raw("empty body", "");
        Raw("json null", "null");
        Raw("json array", "[]");
        Raw("unterminated object", "{");
        Raw("trailing garbage", $$"""{"model":"{{Claude}}","max_tokens":10,"messages":{{Hi}}} x""");
        Raw("missing model", $$"""{"max_tokens":10,"messages":{{Hi}}}""");
        Raw("model a number", $$"""{"model":7,"max_tokens":10,"messages":{{Hi}}}""");
        Raw("empty model", $$"""{"model":"","max_tokens":10,"messages":{{Hi}}}""");
        Raw("unknown model", $$"""{"model":"keys/nope","max_tokens":10,"messages":{{Hi}}}""", 404);
        Raw("missing max_tokens", $$"""{"model":"{{Claude}}","messages":{{Hi}}}""");
        Raw("max_tokens zero", $$"""{"model":"{{Claude}}","max_tokens":0,"messages":{{Hi}}}""");
        Raw("max_tokens fractional", $$"""{"model":"{{Claude}}","max_tokens":1.5,"messages":{{Hi}}}""");
        Raw("max_tokens huge", $$"""{"model":"{{Claude}}","max_tokens":1e400,"messages":{{Hi}}}""");
        Raw("missing messages", $$"""{"model":"{{Claude}}","max_tokens":10}""");
        Raw("messages an object", "{\"model\":\"" + Claude + "\",\"max_tokens\":10,\"messages\":{}}");
        Raw("no messages", $$"""{"model":"{{Claude}}","max_tokens":10,"messages":[]}""");
        Raw("duplicate key", $$"""{"model":"{{Claude}}","model":"{{Claude}}","max_tokens":10,"messages":{{Hi}}}""");
        Message("message null", "null");
        Message("message a string", "\"hi\"");
        Message("role missing", """{"content":"hi"}""");
        Message("role unknown", """{"role":"tool","content":"hi"}""");
        Message("content missing", """{"role":"user"}""");
        Message("content a number", """{"role":"user","content":5}""");
        Message("block without type", """{"role":"user","content":[{"text":"hi"}]}""");
        Message("block type a number", """{"role":"user","content":[{"type":1}]}""");
        Message("block a string", """{"role":"user","content":["hi"]}""");
        Field("system a number", "\"system\":5");
        Field("system block without type", "\"system\":[{\"text\":\"x\"}]");
        Field("stream a string", "\"stream\":\"yes\"");
        Field("temperature a string", "\"temperature\":\"hot\"");
        Field("top_k fractional", "\"top_k\":2.5");
        Field("stop_sequences a string", "\"stop_sequences\":\"x\"");
        Field("stop_sequences of numbers", "\"stop_sequences\":[1]");
        Field("tools an object", "\"tools\":{}");
        Field("tool a string", "\"tools\":[\"x\"]");
        Field("metadata a string", "\"metadata\":\"x\"");
        Field("thinking a string", "\"thinking\":\"on\"");
        Raw("count_tokens without messages", $$"""{"model":"{{Claude}}"}""", path: Messages + "/count_tokens");
        Raw("count_tokens unknown model", $$"""{"model":"nope","messages":{{Hi}}}""", 404, Messages + "/count_tokens");
        c.Add(new("messages: unknown sub-route", "POST", Messages + "/batches", Utf8("{}"), 404));
        c.Add(new("messages: GET", "GET", Messages, null, 405));
    }
}
