using System.Net;
using System.Text;
using System.Text.Json;

namespace Sluice.Bedrock.Emulator.Tests;

/// <summary>cachePoint blocks as Bedrock takes them, and the cache reads and writes reported in usage.</summary>
public sealed class CachePointTests(EmulatorHarness h) : IClassFixture<EmulatorHarness>
{
    private const string Nova = "amazon.nova-lite-v1:0";
    private const string Claude37Profile = "us.anthropic.claude-3-7-sonnet-20250219-v1:0";
    private const string Point = "{\"cachePoint\":{\"type\":\"default\"}}";
    private const string Tool = "{\"toolSpec\":{\"name\":\"lookup\",\"inputSchema\":{\"json\":{\"type\":\"object\"}}}}";

    /// <summary>A text of <paramref name="words"/> words, unique per <paramref name="seed"/> so tests share no cache entries.</summary>
    private static string Words(int words, string seed) => string.Join(' ', Enumerable.Range(0, words).Select(i => seed + i));

    private static string Body(string system, string messages, string? tools = null) =>
        "{" + (tools is null ? "" : "\"toolConfig\":{\"tools\":[" + tools + "]},") + "\"system\":[" + system + "],\"messages\":[" + messages + "]}";

    private static string UserTurn(string text, bool point = false) =>
        "{\"role\":\"user\",\"content\":[{\"text\":\"" + text + "\"}" + (point ? "," + Point : "") + "]}";

    private async Task<JsonElement> Usage(string json, string model = Nova)
    {
        var response = await h.SendBearer($"/model/{EmulatorHarness.Encode(model)}/converse", Encoding.UTF8.GetBytes(json));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("usage").Clone();
    }

    private async Task<(HttpStatusCode Status, string Type, string Message)> Refused(string json, string model = Nova)
    {
        var response = await h.SendBearer($"/model/{EmulatorHarness.Encode(model)}/converse", Encoding.UTF8.GetBytes(json));
        var (type, message) = await EmulatorHarness.ReadError(response);
        return (response.StatusCode, type, message);
    }

    [Fact]
    public async Task Converse_CachePointOnModelWithoutCaching_AccessDeniedLikeBedrock()
    {
        var json = Body("{\"text\":\"rules\"}," + Point, UserTurn("hi"));

        var (status, type, message) = await Refused(json, "anthropic.claude-3-5-sonnet-20240620-v1:0");

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("AccessDeniedException", type);
        Assert.Equal("You invoked an unsupported model or your request did not allow prompt caching. See the documentation for more information.", message);
    }

    [Fact]
    public async Task Converse_SameRequestWithoutCachePoint_Served()
    {
        var usage = await Usage(Body("{\"text\":\"rules\"}", UserTurn("hi")), "anthropic.claude-3-5-sonnet-20240620-v1:0");

        Assert.False(usage.TryGetProperty("cacheWriteInputTokens", out _));
    }

    [Fact]
    public async Task Converse_CachePointInNovaTools_Refused()
    {
        var (status, type, message) = await Refused(Body("{\"text\":\"rules\"}", UserTurn("hi"), Tool + "," + Point));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("ValidationException", type);
        Assert.Contains("toolConfig", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Converse_CachePointInClaudeTools_Accepted()
    {
        var usage = await Usage(Body("{\"text\":\"rules\"}", UserTurn("hi"), Tool + "," + Point), Claude37Profile);

        Assert.Equal(0, usage.GetProperty("cacheWriteInputTokens").GetInt32());
    }

    [Fact]
    public async Task Converse_FiveCachePoints_RefusedWithTheLimit()
    {
        var json = Body("{\"text\":\"a\"}," + Point + ",{\"text\":\"b\"}," + Point + ",{\"text\":\"c\"}," + Point + ",{\"text\":\"d\"}," + Point, UserTurn("hi", point: true));

        var (status, type, message) = await Refused(json);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("ValidationException", type);
        Assert.Equal("The model returned the following errors: A maximum of 4 blocks with cache_control may be provided. Found 5.", message);
    }

    [Fact]
    public async Task Converse_OneHourTtlOnModelWithoutIt_Refused()
    {
        var json = Body("{\"text\":\"rules\"},{\"cachePoint\":{\"type\":\"default\",\"ttl\":\"1h\"}}", UserTurn("hi"));

        var (status, type, _) = await Refused(json);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("ValidationException", type);
    }

    [Fact]
    public async Task Converse_PrefixBelowModelMinimum_NothingCached()
    {
        var json = Body("{\"text\":\"" + Words(500, "short") + "\"}," + Point, UserTurn("hi"));

        var first = await Usage(json);
        var second = await Usage(json);

        Assert.Equal((0, 0), (first.GetProperty("cacheWriteInputTokens").GetInt32(), first.GetProperty("cacheReadInputTokens").GetInt32()));
        Assert.Equal((0, 0), (second.GetProperty("cacheWriteInputTokens").GetInt32(), second.GetProperty("cacheReadInputTokens").GetInt32()));
        Assert.Equal(501, second.GetProperty("inputTokens").GetInt32());
    }

    [Fact]
    public async Task Converse_SamePrefixTwice_WritesThenReads()
    {
        var json = Body("{\"text\":\"" + Words(1200, "same") + "\"}," + Point, UserTurn("hi there"));

        var first = await Usage(json);
        var second = await Usage(json);

        Assert.Equal(1200, first.GetProperty("cacheWriteInputTokens").GetInt32());
        Assert.Equal(0, first.GetProperty("cacheReadInputTokens").GetInt32());
        Assert.Equal(2, first.GetProperty("inputTokens").GetInt32());
        Assert.Equal("5m", first.GetProperty("cacheDetails")[0].GetProperty("ttl").GetString());
        Assert.Equal(1200, second.GetProperty("cacheReadInputTokens").GetInt32());
        Assert.Equal(0, second.GetProperty("cacheWriteInputTokens").GetInt32());
        Assert.Equal(1202, second.GetProperty("totalTokens").GetInt32() - second.GetProperty("outputTokens").GetInt32());
    }

    [Fact]
    public async Task Converse_ConversationGrowsPastItsCachedTurn_ReadsTheOldPrefixWritesTheNewTurn()
    {
        var system = "{\"text\":\"" + Words(1100, "grow") + "\"}";
        var turn1 = UserTurn("first question");
        var first = await Usage(Body(system, "{\"role\":\"user\",\"content\":[{\"text\":\"first question\"}," + Point + "]}"));

        var longer = turn1 + ",{\"role\":\"assistant\",\"content\":[{\"text\":\"first answer\"}]}," + UserTurn(Words(1100, "next"), point: true);
        var second = await Usage(Body(system, longer));

        Assert.Equal(1102, first.GetProperty("cacheWriteInputTokens").GetInt32());
        Assert.Equal(1102, second.GetProperty("cacheReadInputTokens").GetInt32());
        Assert.Equal(1102, second.GetProperty("cacheWriteInputTokens").GetInt32());
    }

    [Theory]
    [InlineData("[" + Point + ",{\"text\":\"hi\"}]", "There is nothing available to cache.")]
    [InlineData("[{\"text\":\"hi\"}]},{\"role\":\"assistant\",\"content\":[{\"reasoningContent\":{\"reasoningText\":{\"text\":\"hm\",\"signature\":\"s\"}}}," + Point + "]},{\"role\":\"user\",\"content\":[{\"text\":\"go\"}]",
        "Cache point cannot be inserted after reasoning block. Please remove the invalid cache point and try again.")]
    public async Task Converse_CachePointWithNothingOrReasoningBeforeIt_Refused(string content, string expected)
    {
        var json = "{\"messages\":[{\"role\":\"user\",\"content\":" + content + "}]}";

        var (status, type, message) = await Refused(json, Claude37Profile);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("ValidationException", type);
        Assert.Equal(expected, message);
    }
}
