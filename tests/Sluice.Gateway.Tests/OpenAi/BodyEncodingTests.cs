using System.Net;
using System.Text;
using Sluice.Core.Chat;
using Sluice.Gateway.Tests.OpenAi.TestHost;

namespace Sluice.Gateway.Tests.OpenAi;

/// <summary>Bodies that are not clean UTF-8 JSON, or are unusually deep or long: always a 400 naming the field.</summary>
public sealed class BodyEncodingTests : IAsyncLifetime
{
    private const string Chat = "/v1/chat/completions";
    private TestGateway _gateway = null!;

    public async Task InitializeAsync() => _gateway = await TestGateway.StartAsync();

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    // Each body holds the marker "@@" where a broken byte sequence is put; the field it sits in is the one named.
    public static TheoryData<string, string, string> BrokenFields => new()
    {
        { Chat, """{"model":"acme/chat","messages":[{"role":"user","content":"hi @@ there"}]}""", "messages[0].content" },
        { Chat, """{"model":"acme/chat","messages":[{"role":"user","content":[{"type":"text","text":"a@@"}]}]}""", "messages[0].content[0].text" },
        { Chat, """{"model":"acme/c@@hat","messages":[{"role":"user","content":"hi"}]}""", "model" },
        { Chat, """{"model":"acme/chat","user":"@@","messages":[{"role":"user","content":"hi"}]}""", "user" },
        { Chat, """{"model":"acme/chat","messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object","description":"x@@"}}}]}""", "tools[0].function.parameters.description" },
        { "/v1/embeddings", """{"model":"acme/embed","input":["ok","bad @@"]}""", "input[1]" },
        { "/v1/images/generations", """{"model":"acme/image","prompt":"a cat@@"}""", "prompt" },
    };

    [Theory]
    [MemberData(nameof(BrokenFields))]
    public async Task Post_InvalidUtf8InAField_Returns400NamingTheField(string path, string template, string field)
    {
        using var response = await _gateway.PostBytesAsync(path, Splice(template, [0xC3, 0x28])); // 0xC3 starts a 2-byte sequence; '(' cannot continue it

        var error = await ErrorTests.ErrorOf(response, HttpStatusCode.BadRequest);
        Assert.Equal(("invalid_request_error", "invalid_utf8", field), (error.GetProperty("type").GetString(), error.GetProperty("code").GetString(), error.GetProperty("param").GetString()));
        Assert.Contains($"'{field}'", error.GetProperty("message").GetString());
        Assert.Equal(0, _gateway.Provider.Calls);
    }

    [Theory]
    [MemberData(nameof(BrokenFields))]
    public async Task Post_LoneSurrogateEscapeInAField_Returns400NamingTheField(string path, string template, string field)
    {
        // What JSON.stringify writes for a string cut in the middle of an emoji.
        using var response = await _gateway.PostBytesAsync(path, Encoding.UTF8.GetBytes(template.Replace("@@", "\\ud83d", StringComparison.Ordinal)));

        var error = await ErrorTests.ErrorOf(response, HttpStatusCode.BadRequest);
        Assert.Equal(("invalid_unicode_escape", field), (error.GetProperty("code").GetString(), error.GetProperty("param").GetString()));
        Assert.Contains("\\ud83d", error.GetProperty("message").GetString());
        Assert.Equal(0, _gateway.Provider.Calls);
    }

    [Theory]
    [InlineData("\\udc00 alone")] // a low surrogate with no high one before it
    [InlineData("\\ud83d\\u0041")] // a high surrogate followed by an escape that is not a low one
    public async Task Chat_OtherUnpairedSurrogates_Return400(string text)
    {
        using var response = await _gateway.PostAsync(Chat, $$"""{"model":"acme/chat","messages":[{"role":"user","content":"{{text}}"}]}""");

        var error = await ErrorTests.ErrorOf(response, HttpStatusCode.BadRequest);
        Assert.Equal("messages[0].content", error.GetProperty("param").GetString());
    }

    [Fact]
    public async Task Chat_EscapedPairsAndEscapedBackslashes_AreAccepted()
    {
        // A whole emoji as an escaped pair, and "\\ud83d", which is a backslash followed by plain text.
        using var response = await _gateway.PostAsync(Chat, """{"model":"acme/chat","messages":[{"role":"user","content":"\ud83d\ude00 and \\ud83d"}]}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("😀 and \\ud83d", Assert.IsType<TextPart>(_gateway.Provider.LastChat!.Messages[0].Content[0]).Text);
    }

    [Fact]
    public async Task Chat_InvalidUtf8InAPropertyName_Returns400NamingTheObject()
    {
        using var response = await _gateway.PostBytesAsync(Chat, Splice("""{"model":"acme/chat","messages":[{"role":"user","c@@":"hi"}]}""", [0xFF]));

        var error = await ErrorTests.ErrorOf(response, HttpStatusCode.BadRequest);
        Assert.Equal("messages[0]", error.GetProperty("param").GetString());
        Assert.Contains("property name", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Chat_BodyWithByteOrderMark_IsAccepted()
    {
        using var response = await _gateway.PostBytesAsync(Chat, [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("""{"model":"acme/chat","messages":[{"role":"user","content":"hi"}]}""")]);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, _gateway.Provider.Calls);
    }

    [Fact]
    public async Task Chat_ToolSchemaSixtyLevelsDeep_IsAcceptedAndForwardedWhole()
    {
        using var response = await _gateway.PostAsync(Chat, ChatWithSchema(NestedSchema(60)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var schema = _gateway.Provider.LastChat!.Tools![0].Parameters!.Value;
        var depth = 0;
        while (schema.TryGetProperty("properties", out var properties))
        {
            schema = properties.GetProperty("child");
            depth++;
        }

        Assert.Equal(60, depth);
    }

    [Fact]
    public async Task Chat_BodyNestedBeyondTheLimit_Returns400SayingNestedTooDeeply()
    {
        using var response = await _gateway.PostAsync(Chat, ChatWithSchema(NestedSchema(200)));

        var error = await ErrorTests.ErrorOf(response, HttpStatusCode.BadRequest);
        Assert.Equal("json_too_deep", error.GetProperty("code").GetString());
        Assert.Contains("nested too deeply", error.GetProperty("message").GetString());
        Assert.DoesNotContain("not valid JSON", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Chat_RealSyntaxError_StillSaysNotValidJson()
    {
        using var response = await _gateway.PostAsync(Chat, """{"model":"acme/chat","messages":[{"role":"user","content":"hi"}],}""");

        var error = await ErrorTests.ErrorOf(response, HttpStatusCode.BadRequest);
        Assert.Equal("invalid_json", error.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Chat_MegabyteModelName_ErrorQuotesAtMost200Characters()
    {
        var model = new string('m', 1024 * 1024);
        using var response = await _gateway.PostAsync(Chat, $$"""{"model":"{{model}}","messages":[{"role":"user","content":"hi"}]}""");

        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.True(text.Length < 1000, $"The error is {text.Length} characters long.");
        Assert.Contains(new string('m', 200) + "…", text);
        Assert.Contains("more characters", text);
    }

    [Fact]
    public async Task Chat_LongInvalidValueAndMetadataKey_AreQuotedShort()
    {
        var junk = new string('x', 100_000);
        using var effort = await _gateway.PostAsync(Chat, $$"""{"model":"acme/chat","reasoning_effort":"{{junk}}","messages":[{"role":"user","content":"hi"}]}""");
        using var metadata = await _gateway.PostAsync(Chat, $$"""{"model":"acme/chat","metadata":{"{{junk}}":1},"messages":[{"role":"user","content":"hi"}]}""");

        foreach (var response in new[] { effort, metadata })
        {
            var error = await ErrorTests.ErrorOf(response, HttpStatusCode.BadRequest);
            Assert.True(error.GetRawText().Length < 1200, error.GetRawText()[..300]);
        }
    }

    private static byte[] Splice(string template, byte[] bad)
    {
        var at = template.IndexOf("@@", StringComparison.Ordinal);
        return [.. Encoding.UTF8.GetBytes(template[..at]), .. bad, .. Encoding.UTF8.GetBytes(template[(at + 2)..])];
    }

    private static string ChatWithSchema(string schema) =>
        $$$"""{"model":"acme/chat","messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{"name":"deep","parameters":{{{schema}}}}}]}""";

    // levels nested object schemas: {"type":"object","properties":{"child":{...}}}, two JSON levels each.
    private static string NestedSchema(int levels)
    {
        var open = new StringBuilder();
        for (var i = 0; i < levels; i++) open.Append("""{"type":"object","properties":{"child":""");
        open.Append("""{"type":"string"}""");
        for (var i = 0; i < levels; i++) open.Append("}}");
        return open.ToString();
    }
}
