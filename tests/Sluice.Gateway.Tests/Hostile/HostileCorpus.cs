using System.Text;

namespace Sluice.Gateway.Tests.Hostile;

/// <summary>
/// Over 150 malformed or hostile requests across every endpoint: broken JSON and encodings, wrong types, values out
/// of range, unsupported parameters, bad credentials, unknown routes and methods, oversized and deeply nested
/// bodies, hostile YAML. Model names are those of the functional fixture's manifest.
/// </summary>
public static partial class HostileCorpus
{
    private const string Chat = "/v1/chat/completions";
    private const string Embed = "/v1/embeddings";
    private const string Images = "/v1/images/generations";
    private const string Apply = "/api/v1/apply";
    private const string ChatModel = "keys/nova-lite";
    private const string Hi = """[{"role":"user","content":"hi"}]""";

    public static IReadOnlyList<HostileCase> All { get; } = Build();

    public static IReadOnlyDictionary<string, HostileCase> ByName { get; } = All.ToDictionary(c => c.Name);

    private static List<HostileCase> Build()
    {
        var cases = new List<HostileCase>();
        ChatBodies(cases);
        MessagesBodies(cases);
        EmbeddingBodies(cases);
        ImageBodies(cases);
        Encodings(cases);
        Credentials(cases);
        Routes(cases);
        AdminBodies(cases);
        Manifests(cases);
        SignIn(cases);
        return cases;
    }

    private static void ChatBodies(List<HostileCase> c)
    {
        void Raw(string name, string body, int status = 400) => c.Add(new("chat: " + name, "POST", Chat, Utf8(body), status));
        void Field(string name, string fields, int status = 400) =>
            Raw(name, $$"""{"model":"{{ChatModel}}","messages":{{Hi}},{{fields}}}""", status);
        void Message(string name, string message, int status = 400) =>
            Raw(name, $$"""{"model":"{{ChatModel}}","messages":[{{message}}]}""", status);

        Raw("empty body", "");
        Raw("whitespace only", "   \n\t ");
        Raw("json null", "null");
        Raw("json array", "[]");
        Raw("json string", "\"hello\"");
        Raw("json number", "42");
        Raw("unterminated object", "{");
        Raw("unterminated value", """{"model":""");
        Raw("trailing comma", $$"""{"model":"{{ChatModel}}","messages":{{Hi}},}""");
        Raw("trailing garbage", $$"""{"model":"{{ChatModel}}","messages":{{Hi}}} x""");
        Raw("two objects", $$"""{"model":"{{ChatModel}}","messages":{{Hi}}}{}""");
        Raw("comment", $$"""// hi{{"\n"}}{"model":"{{ChatModel}}","messages":{{Hi}}}""");
        Raw("single quotes", "{'model':'keys/nova-lite'}");
        Raw("NaN literal", $$"""{"model":"{{ChatModel}}","messages":{{Hi}},"temperature":NaN}""");
        Raw("raw newline in string", $$"""{"model":"{{ChatModel}}","messages":[{"role":"user","content":"a{{"\n"}}b"}]}""");
        Raw("raw NUL in string", $$"""{"model":"{{ChatModel}}","messages":[{"role":"user","content":"a{{"\0"}}b"}]}""");
        Raw("bad escape", $$"""{"model":"{{ChatModel}}","messages":[{"role":"user","content":"a\qb"}]}""");
        Raw("short unicode escape", $$"""{"model":"{{ChatModel}}","messages":[{"role":"user","content":"a\u12"}]}""");
        Raw("model missing", $$"""{"messages":{{Hi}}}""");
        Raw("model null", $$"""{"model":null,"messages":{{Hi}}}""");
        Raw("model number", $$"""{"model":7,"messages":{{Hi}}}""");
        Raw("model array", $$"""{"model":["{{ChatModel}}"],"messages":{{Hi}}}""");
        Raw("model empty", $$"""{"model":"","messages":{{Hi}}}""", 404);
        Raw("model unknown", $$"""{"model":"keys/nope","messages":{{Hi}}}""", 404);
        Raw("model without account", $$"""{"model":"nova-lite","messages":{{Hi}}}""", 404);
        Raw("model one megabyte", $$"""{"model":"{{new string('m', 1 << 20)}}","messages":{{Hi}}}""", 404);
        Raw("model with control characters", $$"""{"model":"keys/\u0000\u001b[31m","messages":{{Hi}}}""", 404);
        Raw("embedding model for chat", $$"""{"model":"keys/titan-embed","messages":{{Hi}}}""");
        Raw("messages missing", $$"""{"model":"{{ChatModel}}"}""");
        Raw("messages null", $$"""{"model":"{{ChatModel}}","messages":null}""");
        Raw("messages object", "{\"model\":\"" + ChatModel + "\",\"messages\":{\"role\":\"user\"}}");
        Raw("messages string", $$"""{"model":"{{ChatModel}}","messages":"hi"}""");
        Raw("messages empty", $$"""{"model":"{{ChatModel}}","messages":[]}""");
        Message("message null", "null");
        Message("message number", "1");
        Message("message array", "[]");
        Message("role missing", """{"content":"hi"}""");
        Message("role unknown", """{"role":"wizard","content":"hi"}""");
        Message("role number", """{"role":1,"content":"hi"}""");
        Message("role function", """{"role":"function","name":"f","content":"hi"}""");
        Message("content number", """{"role":"user","content":5}""");
        Message("content object", """{"role":"user","content":{"text":"hi"}}""");
        Message("content empty in user message", """{"role":"user","content":""}""");
        Message("content part number", """{"role":"user","content":[1]}""");
        Message("content part without type", """{"role":"user","content":[{"text":"hi"}]}""");
        Message("content part type unknown", """{"role":"user","content":[{"type":"hologram","text":"hi"}]}""");
        Message("content part input_audio", """{"role":"user","content":[{"type":"input_audio","input_audio":{"data":"AAAA","format":"wav"}}]}""");
        Message("text part without text", """{"role":"user","content":[{"type":"text"}]}""");
        Message("text part text number", """{"role":"user","content":[{"type":"text","text":3}]}""");
        Message("image part without url", """{"role":"user","content":[{"type":"image_url","image_url":{}}]}""");
        Message("image url number", """{"role":"user","content":[{"type":"image_url","image_url":{"url":1}}]}""");
        Message("image url ftp", """{"role":"user","content":[{"type":"image_url","image_url":{"url":"ftp://example.com/a.png"}}]}""");
        Message("image url file", """{"role":"user","content":[{"type":"image_url","image_url":{"url":"file:///etc/passwd"}}]}""");
        Message("image url metadata address", """{"role":"user","content":[{"type":"image_url","image_url":{"url":"http://169.254.169.254/latest/meta-data/"}}]}""");
        Message("image url loopback", """{"role":"user","content":[{"type":"image_url","image_url":{"url":"http://127.0.0.1:1/x.png"}}]}""");
        Message("image data url not base64", """{"role":"user","content":[{"type":"image_url","image_url":{"url":"data:image/png;base64,@@@"}}]}""");
        Message("image data url not an image", """{"role":"user","content":[{"type":"image_url","image_url":{"url":"data:image/png;base64,aGVsbG8gd29ybGQ="}}]}""");
        Message("image data url text type", """{"role":"user","content":[{"type":"image_url","image_url":{"url":"data:text/plain;base64,aGVsbG8="}}]}""");
        Message("image in assistant message", """{"role":"user","content":"hi"},{"role":"assistant","content":[{"type":"image_url","image_url":{"url":"data:image/png;base64,aGVsbG8="}}]}""");
        Message("tool message without tool_call_id", """{"role":"user","content":"hi"},{"role":"tool","content":"42"}""");
        Message("tool_calls on a user message", """{"role":"user","content":"hi","tool_calls":[]}""");
        Message("tool_calls not an array", """{"role":"assistant","content":"hi","tool_calls":{}}""");
        Message("tool call not an object", """{"role":"user","content":"q"},{"role":"assistant","tool_calls":[1]}""");
        Message("tool call arguments not JSON", """{"role":"user","content":"q"},{"role":"assistant","tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"{not json"}}]},{"role":"tool","tool_call_id":"c1","content":"r"}""");
        Message("tool call arguments an array", """{"role":"user","content":"q"},{"role":"assistant","tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"[1,2]"}}]},{"role":"tool","tool_call_id":"c1","content":"r"}""");
        Message("function_call in message", """{"role":"assistant","content":"x","function_call":{"name":"f","arguments":"{}"}}""");
        Field("max_tokens zero", "\"max_tokens\":0");
        Field("max_tokens negative", "\"max_tokens\":-1");
        Field("max_tokens string", "\"max_tokens\":\"10\"");
        Field("max_tokens fraction", "\"max_tokens\":1.5");
        Field("max_tokens huge", "\"max_tokens\":1e12");
        Field("max_tokens and max_completion_tokens differ", "\"max_tokens\":10,\"max_completion_tokens\":20");
        Field("temperature negative", "\"temperature\":-0.5");
        Field("temperature above two", "\"temperature\":3");
        Field("temperature above Bedrock range", "\"temperature\":1.5");
        Field("temperature string", "\"temperature\":\"hot\"");
        Field("temperature overflow", "\"temperature\":1e400");
        Field("top_p above one", "\"top_p\":2");
        Field("stop number", "\"stop\":5");
        Field("stop array of numbers", "\"stop\":[1]");
        Field("stop five sequences", "\"stop\":[\"a\",\"b\",\"c\",\"d\",\"e\"]");
        Field("stream string", "\"stream\":\"yes\"");
        Field("stream_options number", "\"stream\":true,\"stream_options\":3");
        Field("n two", "\"n\":2");
        Field("logprobs", "\"logprobs\":true");
        Field("top_logprobs", "\"top_logprobs\":3");
        Field("logit_bias", "\"logit_bias\":{\"50256\":-100}");
        Field("frequency_penalty", "\"frequency_penalty\":0.5");
        Field("presence_penalty", "\"presence_penalty\":0.5");
        Field("audio output", "\"audio\":{\"voice\":\"alloy\",\"format\":\"wav\"}");
        Field("prediction", "\"prediction\":{\"type\":\"content\",\"content\":\"x\"}");
        Field("audio modality", "\"modalities\":[\"text\",\"audio\"]");
        Field("functions", "\"functions\":[{\"name\":\"f\"}]");
        Field("function_call", "\"function_call\":\"auto\"");
        Field("tools object", "\"tools\":{}");
        Field("tool number", "\"tools\":[1]");
        Field("tool type retrieval", "\"tools\":[{\"type\":\"retrieval\"}]");
        Field("tool without name", "\"tools\":[{\"type\":\"function\",\"function\":{}}]");
        Field("tool name number", "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":5}}]");
        Field("tool parameters string", "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":\"{}\"}}]");
        Field("tool parameters array", "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":[]}}]");
        Field("tool strict string", "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"strict\":\"yes\"}}]");
        Field("tool_choice unknown word", "\"tool_choice\":\"sometimes\"");
        Field("tool_choice number", "\"tool_choice\":1");
        Field("tool_choice required without tools", "\"tool_choice\":\"required\"");
        Field("tool_choice names a missing tool", "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}],\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"g\"}}");
        Field("response_format string", "\"response_format\":\"json\"");
        Field("response_format type unknown", "\"response_format\":{\"type\":\"xml\"}");
        Field("response_format json_schema without schema", "\"response_format\":{\"type\":\"json_schema\"}");
        Field("reasoning_effort unknown", "\"reasoning_effort\":\"max\"");
        Field("metadata number", "\"metadata\":3");
        Field("metadata value number", "\"metadata\":{\"team\":1}");
        Field("user number", "\"user\":42");
        Raw("nested 300 levels", $$"""{"model":"{{ChatModel}}","messages":{{Hi}},"x":{{new string('[', 300)}}{{new string(']', 300)}}}""");
        Raw("nested 100000 levels", new string('[', 100_000));
        c.Add(new("chat: body over the size limit", "POST", Chat, new byte[33 * 1024 * 1024], 413));
    }

    private static void EmbeddingBodies(List<HostileCase> c)
    {
        void Raw(string name, string body, int status = 400) => c.Add(new("embeddings: " + name, "POST", Embed, Utf8(body), status));
        Raw("empty body", "");
        Raw("input missing", """{"model":"keys/titan-embed"}""");
        Raw("input empty array", """{"model":"keys/titan-embed","input":[]}""");
        Raw("input empty string", """{"model":"keys/titan-embed","input":""}""");
        Raw("input item empty", """{"model":"keys/titan-embed","input":["a",""]}""");
        Raw("input number", """{"model":"keys/titan-embed","input":5}""");
        Raw("input token array", """{"model":"keys/titan-embed","input":[1,2,3]}""");
        Raw("input nested token arrays", """{"model":"keys/titan-embed","input":[[1,2]]}""");
        Raw("input object", """{"model":"keys/titan-embed","input":{"text":"a"}}""");
        Raw("dimensions zero", """{"model":"keys/titan-embed","input":"a","dimensions":0}""");
        Raw("dimensions string", """{"model":"keys/titan-embed","input":"a","dimensions":"256"}""");
        Raw("encoding_format hex", """{"model":"keys/titan-embed","input":"a","encoding_format":"hex"}""");
        Raw("chat model", """{"model":"keys/nova-lite","input":"a"}""");
        Raw("model unknown", """{"model":"keys/nope","input":"a"}""", 404);
        Raw("model missing", """{"input":"a"}""");
    }

    private static void ImageBodies(List<HostileCase> c)
    {
        void Raw(string name, string body, int status = 400) => c.Add(new("images: " + name, "POST", Images, Utf8(body), status));
        Raw("prompt missing", """{"model":"keys/nova-canvas"}""");
        Raw("prompt empty", """{"model":"keys/nova-canvas","prompt":"  "}""");
        Raw("prompt number", """{"model":"keys/nova-canvas","prompt":1}""");
        Raw("n zero", """{"model":"keys/nova-canvas","prompt":"cat","n":0}""");
        Raw("n eleven", """{"model":"keys/nova-canvas","prompt":"cat","n":11}""");
        Raw("size word", """{"model":"keys/nova-canvas","prompt":"cat","size":"big"}""");
        Raw("size zero", """{"model":"keys/nova-canvas","prompt":"cat","size":"0x0"}""");
        Raw("size negative", """{"model":"keys/nova-canvas","prompt":"cat","size":"-5x10"}""");
        Raw("quality unknown", """{"model":"keys/nova-canvas","prompt":"cat","quality":"ultra"}""");
        Raw("response_format url", """{"model":"keys/nova-canvas","prompt":"cat","response_format":"url"}""");
        Raw("response_format unknown", """{"model":"keys/nova-canvas","prompt":"cat","response_format":"gif"}""");
        Raw("seed string", """{"model":"keys/nova-canvas","prompt":"cat","seed":"x"}""");
        Raw("chat model", """{"model":"keys/nova-lite","prompt":"cat"}""");
        Raw("not an object", """["cat"]""");
    }

    private static void Encodings(List<HostileCase> c)
    {
        static byte[] Splice(string template, params byte[] bad)
        {
            var at = template.IndexOf("@@", StringComparison.Ordinal);
            return [.. Utf8(template[..at]), .. bad, .. Utf8(template[(at + 2)..])];
        }

        void Add(string name, string path, byte[] body) => c.Add(new("encoding: " + name, "POST", path, body, 400));
        var chat = $$"""{"model":"{{ChatModel}}","messages":[{"role":"user","content":"@@"}]}""";
        Add("invalid UTF-8 in chat content", Chat, Splice(chat, 0xFF));
        Add("truncated UTF-8 sequence in chat content", Chat, Splice(chat, 0xE2, 0x82));
        Add("overlong UTF-8 encoding", Chat, Splice(chat, 0xC0, 0xAF));
        Add("UTF-8 encoded surrogate", Chat, Splice(chat, 0xED, 0xA0, 0x80));
        Add("invalid UTF-8 in model", Chat, Splice("""{"model":"keys/@@","messages":[{"role":"user","content":"hi"}]}""", 0xFE));
        Add("invalid UTF-8 in user", Chat, Splice($$"""{"model":"{{ChatModel}}","user":"@@","messages":{{Hi}}}""", 0x80));
        Add("invalid UTF-8 in a property name", Chat, Splice($$"""{"model":"{{ChatModel}}","@@":1,"messages":{{Hi}}}""", 0xFF));
        Add("invalid UTF-8 in a tool schema", Chat, Splice("{\"model\":\"" + ChatModel + "\",\"messages\":" + Hi + ""","tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object","description":"@@"}}}]}""", 0xC3));
        Add("lone high surrogate in content", Chat, Utf8(chat.Replace("@@", "\\ud83d", StringComparison.Ordinal)));
        Add("lone low surrogate in content", Chat, Utf8(chat.Replace("@@", "\\ude00", StringComparison.Ordinal)));
        Add("lone surrogate in model", Chat, Utf8("""{"model":"keys/\ud83d","messages":[{"role":"user","content":"hi"}]}"""));
        Add("lone surrogate in a property name", Chat, Utf8($$"""{"model":"{{ChatModel}}","\ud83d":1,"messages":{{Hi}}}"""));
        Add("lone surrogate in tool arguments", Chat, Utf8("{\"model\":\"" + ChatModel + "\",\"messages\":" + """[{"role":"user","content":"q"},{"role":"assistant","tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"{\"a\":\"\ud83d\"}"}}]},{"role":"tool","tool_call_id":"c1","content":"r"}]}"""));
        var messages = """{"model":"keys/claude-3-5-sonnet","max_tokens":10,"messages":[{"role":"user","content":[{"type":"text","text":"@@"}]}]}""";
        Add("invalid UTF-8 in a messages text block", "/v1/messages", Splice(messages, 0xFF));
        Add("lone surrogate in a messages text block", "/v1/messages", Utf8(messages.Replace("@@", "\\ud83d", StringComparison.Ordinal)));
        Add("invalid UTF-8 in count_tokens", "/v1/messages/count_tokens", Splice(messages, 0xC0, 0xAF));
        Add("invalid UTF-8 in embeddings input", Embed, Splice("""{"model":"keys/titan-embed","input":["@@"]}""", 0xFF));
        Add("lone surrogate in embeddings input", Embed, Utf8("""{"model":"keys/titan-embed","input":"a\ud800"}"""));
        Add("invalid UTF-8 in image prompt", Images, Splice("""{"model":"keys/nova-canvas","prompt":"@@"}""", 0xFF));
        Add("UTF-16 body", Chat, Encoding.Unicode.GetBytes($$"""{"model":"{{ChatModel}}","messages":{{Hi}}}"""));
        Add("invalid UTF-8 in apply", Apply, Splice("type: user\nname: a@@@example.com\n", 0xFF)) ;
        c[^1] = c[^1] with { Caller = Caller.Admin, ContentType = "application/yaml" };
        Add("lone surrogate in apply JSON", Apply, Utf8("""{"type":"user","name":"a\ud83d@example.com"}"""));
        c[^1] = c[^1] with { Caller = Caller.Admin };
        Add("invalid UTF-8 in login", "/api/v1/auth/login", Splice("""{"email":"@@","password":"x"}""", 0xFF));
        c[^1] = c[^1] with { Caller = Caller.None };
    }

    private static void Credentials(List<HostileCase> c)
    {
        var body = Utf8($$"""{"model":"{{ChatModel}}","messages":{{Hi}}}""");
        void Add(string name, string? authorization, int status = 401) =>
            c.Add(new("credentials: " + name, "POST", Chat, body, status, Caller.None, Authorization: authorization));
        Add("no Authorization header", null);
        Add("Basic scheme", "Basic dXNlcjpwYXNz");
        Add("Bearer without a key", "Bearer");
        Add("Bearer with spaces only", "Bearer    ");
        Add("unknown key", "Bearer sk-sluice-0123456789abcdef.nothing");
        Add("key of the wrong shape", "Bearer hello");
        Add("very long key", "Bearer " + new string('k', 8000));
        Add("key with control characters", "Bearer sk-sluice-\u0001\u0002");
        Add("two keys", "Bearer a, Bearer b");
        c.Add(new("credentials: no Authorization on /v1/models", "GET", "/v1/models", null, 401, Caller.None));
        c.Add(new("credentials: no Authorization on the admin API", "GET", "/api/v1/provider-accounts", null, 401, Caller.None));
        c.Add(new("credentials: user key on an admin action", "POST", "/api/v1/users", Utf8("""{"email":"x@example.com"}"""), 403));
        c.Add(new("credentials: user key applies a manifest", "POST", Apply, Utf8("type: user\nname: y@example.com\n"), 403, ContentType: "application/yaml"));
    }

    private static void Routes(List<HostileCase> c)
    {
        void Add(string name, string method, string path, int status, Caller caller = Caller.User) =>
            c.Add(new("route: " + name, method, path, method is "POST" or "PUT" ? Utf8("{}") : null, status, caller));
        Add("legacy completions endpoint", "POST", "/v1/completions", 404);
        Add("unknown v1 endpoint", "POST", "/v1/unknown", 404);
        Add("GET on chat completions", "GET", Chat, 405);
        Add("PUT on embeddings", "PUT", Embed, 405);
        Add("DELETE on models", "DELETE", "/v1/models", 405);
        Add("unknown model by id", "GET", "/v1/models/keys/nope", 404);
        Add("model id with traversal", "GET", "/v1/models/..%2F..%2Fetc%2Fpasswd", 404);
        Add("unknown admin endpoint", "GET", "/api/v1/nope", 404, Caller.Admin);
        Add("unknown account", "GET", "/api/v1/provider-accounts/nope", 404, Caller.Admin);
        Add("update of an unknown account", "PUT", "/api/v1/provider-accounts/nope", 404, Caller.Admin);
        Add("test of an unknown account", "POST", "/api/v1/provider-accounts/nope/test", 404, Caller.Admin);
        Add("models of an unknown account", "GET", "/api/v1/provider-accounts/nope/models", 404, Caller.Admin);
        Add("unknown model of an account", "GET", "/api/v1/provider-accounts/keys/models/nope", 404, Caller.Admin);
        Add("unknown user", "GET", "/api/v1/users/nobody@example.com", 404, Caller.Admin);
        Add("revoke an unknown token", "DELETE", "/api/v1/tokens/nope", 404, Caller.Admin);
        Add("usage limit not a number", "GET", "/api/v1/usage?limit=abc", 400, Caller.Admin);
        Add("apply dryRun not a boolean", "POST", Apply + "?dryRun=maybe", 400, Caller.Admin);
    }

    private static void AdminBodies(List<HostileCase> c)
    {
        void Add(string name, string method, string path, string body, int status = 400) =>
            c.Add(new("admin: " + name, method, path, Utf8(body), status, Caller.Admin));
        Add("account body empty", "POST", "/api/v1/provider-accounts", "");
        Add("account body not JSON", "POST", "/api/v1/provider-accounts", "name=x");
        Add("account body an array", "POST", "/api/v1/provider-accounts", "[]");
        Add("account body empty object", "POST", "/api/v1/provider-accounts", "{}");
        Add("account name a number", "POST", "/api/v1/provider-accounts", """{"name":1,"type":"provider-account/aws-bedrock"}""");
        Add("account with an unknown region", "POST", "/api/v1/provider-accounts", """{"name":"x","type":"provider-account/aws-bedrock","region":"us-est-1","auth_data":{"type":"api-key","api_key":"k"}}""");
        Add("account with an unknown auth type", "POST", "/api/v1/provider-accounts", """{"name":"x","type":"provider-account/aws-bedrock","region":"us-east-1","auth_data":{"type":"password"}}""");
        Add("account nested 10000 levels", "POST", "/api/v1/provider-accounts", new string('[', 10_000));
        Add("model body empty object", "POST", "/api/v1/provider-accounts/keys/models", "{}");
        Add("model with an unknown model id", "POST", "/api/v1/provider-accounts/keys/models", """{"name":"m","type":"integration/model/bedrock","model_id":"","model_types":["chat"]}""");
        Add("user body empty object", "POST", "/api/v1/users", "{}");
        Add("user email not an email", "POST", "/api/v1/users", """{"email":"not-an-email"}""");
        Add("user email a number", "POST", "/api/v1/users", """{"email":1}""");
        Add("token body empty object", "POST", "/api/v1/personal-access-tokens", "{}");
        Add("token for a user that is not an email", "POST", "/api/v1/personal-access-tokens", """{"name":"t","user":"nobody"}""");
        Add("token expiry not a date", "POST", "/api/v1/personal-access-tokens", """{"name":"t","user":"dev@example.com","expires_at":"soon"}""");
        Add("collaborators not an array", "PUT", "/api/v1/provider-accounts/keys/collaborators", """{"collaborators":"all"}""");
        Add("collaborator with a bad subject", "PUT", "/api/v1/provider-accounts/keys/collaborators", """{"collaborators":[{"subject":"everyone","role_id":"provider-account-access"}]}""");
    }

    private static void Manifests(List<HostileCase> c)
    {
        void Yaml(string name, string body, int status = 400) =>
            c.Add(new("manifest: " + name, "POST", Apply + "?dryRun=true", Utf8(body), status, Caller.Admin, "application/yaml"));
        void Json(string name, string body, int status = 400) =>
            c.Add(new("manifest: " + name, "POST", Apply + "?dryRun=true", Utf8(body), status, Caller.Admin));
        Yaml("empty", "");
        Yaml("not a mapping", "- a\n- b\n");
        Yaml("tab indentation", "type: user\n\tname: x\n");
        Yaml("unclosed quote", "type: \"user\nname: x\n");
        Yaml("unknown type", "type: provider-account/aws-bedrok\nname: x\n");
        Yaml("type missing", "name: x\n");
        Yaml("name with a slash", "type: user\nname: a/b\n");
        Yaml("account with an unknown region", "type: provider-account/aws-bedrock\nname: x\nregion: us-est-1\nauth_data:\n  type: api-key\n  api_key: k\n");
        Yaml("python object tag", "type: user\nname: !!python/object:os.system x\n");
        Yaml("billion laughs", BillionLaughs());
        Yaml("very deep flow sequence", new string('[', 5000) + new string(']', 5000));
        Yaml("integrations not a list", "type: provider-account/aws-bedrock\nname: x\nregion: us-east-1\nauth_data:\n  type: api-key\n  api_key: k\nintegrations: 5\n");
        Json("JSON not an object", "[1,2]");
        Json("JSON syntax error", "{\"type\":");
        Json("JSON nested 10000 levels", new string('[', 10_000));
        c.Add(new("manifest: text/plain body", "POST", Apply, Utf8("type: user\nname: z@example.com\n"), 415, Caller.Admin, "text/plain"));
    }

    private static void SignIn(List<HostileCase> c)
    {
        void Add(string name, string path, string body, int status = 400) =>
            c.Add(new("sign-in: " + name, "POST", path, Utf8(body), status, Caller.None));
        Add("login body empty", "/api/v1/auth/login", "");
        Add("login body not JSON", "/api/v1/auth/login", "email=a&password=b");
        Add("login fields missing", "/api/v1/auth/login", "{}");
        Add("check an invite with a numeric token", "/api/v1/auth/check-invite", """{"token":5}""");
        Add("login password a number", "/api/v1/auth/login", """{"email":"dev@example.com","password":1}""");
        Add("login wrong password", "/api/v1/auth/login", """{"email":"dev@example.com","password":"wrong-password"}""", 401);
        Add("login with an unknown key", "/api/v1/auth/login-with-key", """{"key":"sk-sluice-nothing"}""", 401);
        Add("check an invite without a token", "/api/v1/auth/check-invite", "{}");
        Add("accept a forged invite", "/api/v1/auth/accept-invite", """{"token":"forged","password":"a-long-password-1"}""", 0);
    }

    private static string BillionLaughs()
    {
        var yaml = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (var i = 1; i < 9; i++)
        {
            var prev = (char)('a' + i - 1);
            var name = (char)('a' + i);
            yaml.Append(name).Append(": &").Append(name).Append(" [");
            yaml.AppendJoin(',', Enumerable.Repeat("*" + prev, 9));
            yaml.Append("]\n");
        }

        return yaml.ToString();
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
