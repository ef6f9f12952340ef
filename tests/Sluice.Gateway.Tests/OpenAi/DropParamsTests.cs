using System.Net;
using System.Text;
using Sluice.Gateway.Tests.OpenAi.TestHost;

namespace Sluice.Gateway.Tests.OpenAi;

/// <summary>
/// Parameters Bedrock cannot honour: refused by default, dropped and reported in <c>x-sluice-dropped-params</c> when
/// drop_params is on (model setting, <c>x-sluice-drop-params</c> header or body field).
/// </summary>
public sealed class DropParamsTests : IAsyncLifetime
{
    private const string Dropped = "x-sluice-dropped-params";
    private const string Messages = "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";
    private TestGateway _gateway = null!;

    public async Task InitializeAsync() => _gateway = await TestGateway.StartAsync();

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    private Task<HttpResponseMessage> Post(string model, string fragment, string? dropHeader = null)
    {
        var json = "{\"model\":\"" + model + "\"," + fragment + (fragment.Length > 0 ? "," : "") + Messages + "}";
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new("Bearer", _gateway.Alice);
        if (dropHeader is not null) request.Headers.Add("x-sluice-drop-params", dropHeader);
        return _gateway.Http.SendAsync(request);
    }

    private static string? DroppedHeader(HttpResponseMessage response) =>
        response.Headers.TryGetValues(Dropped, out var values) ? string.Join(",", values) : null;

    [Theory]
    [InlineData("\"n\":3", "n")]
    [InlineData("\"logprobs\":true", "logprobs")]
    [InlineData("\"top_logprobs\":2", "top_logprobs")]
    [InlineData("\"logit_bias\":{\"50256\":-100}", "logit_bias")]
    [InlineData("\"frequency_penalty\":0.5", "frequency_penalty")]
    [InlineData("\"presence_penalty\":-1", "presence_penalty")]
    [InlineData("\"seed\":42", "seed")]
    [InlineData("\"temperature\":1.7", "temperature")]
    public async Task Chat_DropHeader_ParameterDroppedAndNamed(string fragment, string param)
    {
        using var response = await Post(TestGateway.ChatModel, fragment, "true");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(param, DroppedHeader(response));
        Assert.Equal(1, _gateway.Provider.Calls);
    }

    [Fact]
    public async Task Chat_DropHeaderWithEverything_HeaderListsEachOnce()
    {
        using var response = await Post(TestGateway.ChatModel,
            "\"seed\":1,\"n\":2,\"temperature\":2,\"logprobs\":true,\"top_logprobs\":1,\"logit_bias\":{\"1\":2},\"frequency_penalty\":1,\"presence_penalty\":1", "TRUE");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(
            new HashSet<string> { "seed", "n", "temperature", "logprobs", "top_logprobs", "logit_bias", "frequency_penalty", "presence_penalty" },
            [.. DroppedHeader(response)!.Split(',')]);
        Assert.Equal(8, DroppedHeader(response)!.Split(',').Length);
    }

    [Fact]
    public async Task Chat_TemperatureAboveOneDropped_ClampedToOne()
    {
        using var response = await Post(TestGateway.ChatModel, "\"temperature\":1.6", "true");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1f, _gateway.Provider.LastChat!.Temperature);
    }

    [Fact]
    public async Task Chat_DropParamsModel_DropsWithoutHeader()
    {
        using var response = await Post(TestGateway.LenientModel, "\"n\":2,\"seed\":9");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("n,seed", DroppedHeader(response));
    }

    [Fact]
    public async Task Chat_DropParamsBodyField_Drops()
    {
        using var response = await Post(TestGateway.ChatModel, "\"drop_params\":true,\"presence_penalty\":0.2");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("presence_penalty", DroppedHeader(response));
    }

    [Fact]
    public async Task Chat_HeaderFalseOnDropParamsModel_Refuses()
    {
        using var response = await Post(TestGateway.LenientModel, "\"n\":2", "false");

        var error = await ErrorTests.ErrorOf(response, HttpStatusCode.BadRequest);
        Assert.Equal(("n", "unsupported_parameter"), (error.GetProperty("param").GetString(), error.GetProperty("code").GetString()));
        Assert.Equal(0, _gateway.Provider.Calls);
    }

    [Fact]
    public async Task Chat_UnsupportedWithoutDropping_400SaysHowToDrop()
    {
        using var response = await Post(TestGateway.ChatModel, "\"seed\":3");

        var error = await ErrorTests.ErrorOf(response, HttpStatusCode.BadRequest);
        Assert.Equal("seed", error.GetProperty("param").GetString());
        Assert.Contains("x-sluice-drop-params: true", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, _gateway.Provider.Calls);
    }

    [Fact]
    public async Task Chat_DropOnButNothingUnsupported_NoDroppedHeader()
    {
        using var response = await Post(TestGateway.LenientModel, "\"n\":1,\"temperature\":0.4");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(DroppedHeader(response));
        Assert.Null(_gateway.Provider.LastChat!.DroppedParameters);
        Assert.True(_gateway.Provider.LastChat.DropUnsupported);
    }

    [Fact]
    public async Task Chat_InvalidDropHeader_400NamingTheHeader()
    {
        using var response = await Post(TestGateway.ChatModel, "", "yes please");

        var error = await ErrorTests.ErrorOf(response, HttpStatusCode.BadRequest);
        Assert.Equal("x-sluice-drop-params", error.GetProperty("param").GetString());
    }

    [Fact]
    public async Task Chat_TemperatureAboveTwo_RefusedEvenWhenDropping()
    {
        using var response = await Post(TestGateway.ChatModel, "\"temperature\":2.5", "true");

        var error = await ErrorTests.ErrorOf(response, HttpStatusCode.BadRequest);
        Assert.Equal("temperature", error.GetProperty("param").GetString());
    }

    [Fact]
    public async Task StreamChat_DropHeader_HeaderOnTheEventStream()
    {
        using var response = await Post(TestGateway.ChatModel, "\"stream\":true,\"logprobs\":true", "true");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("logprobs", DroppedHeader(response));
    }
}
