using System.Net;
using System.Text.Json;
using Sluice.Gateway.Tests.OpenAi.TestHost;

namespace Sluice.Gateway.Tests.OpenAi;

public sealed class ModelsTests : IAsyncLifetime
{
    private TestGateway _gateway = null!;

    public async Task InitializeAsync() => _gateway = await TestGateway.StartAsync();

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task ListModels_Sdk_ShowsOnlyModelsTheCallerMayCall()
    {
        var models = (await _gateway.Client().GetOpenAIModelClient().GetModelsAsync()).Value;

        Assert.Equal(["acme/chat", "acme/embed", "acme/image", "acme/lenient"], models.Select(m => m.Id));
        Assert.All(models, m => Assert.Equal("acme", m.OwnedBy));
    }

    [Fact]
    public async Task ListModels_Raw_CarriesSluiceTypesAndUpstreamId()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/models");
        request.Headers.Authorization = new("Bearer", _gateway.Keys["admin"]);
        using var response = await _gateway.Http.SendAsync(request);

        var data = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("data");
        Assert.Equal(5, data.GetArrayLength());
        var embed = data.EnumerateArray().Single(m => m.GetProperty("id").GetString() == "acme/embed");
        Assert.Equal("model", embed.GetProperty("object").GetString());
        Assert.Equal("amazon.titan-embed-text-v2:0", embed.GetProperty("sluice").GetProperty("upstream_model_id").GetString());
    }

    [Theory]
    [InlineData("acme/chat", "chat")]
    [InlineData("acme/embed", "embedding")]
    [InlineData("acme/image", "image")]
    public async Task ListModels_Raw_TypesUseTheManifestWords(string id, string type)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/models");
        request.Headers.Authorization = new("Bearer", _gateway.Keys["admin"]);
        using var response = await _gateway.Http.SendAsync(request);

        var data = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("data");
        var model = data.EnumerateArray().Single(m => m.GetProperty("id").GetString() == id);
        Assert.Equal([type], model.GetProperty("sluice").GetProperty("types").EnumerateArray().Select(t => t.GetString()));
    }

    [Fact]
    public async Task GetModel_Sdk_CreatedIsWhenTheModelWasAdded()
    {
        var model = (await _gateway.Client().GetOpenAIModelClient().GetModelAsync(TestGateway.ChatModel)).Value;

        Assert.Equal(TestGateway.ChatModelCreated, model.CreatedAt);
    }

    [Fact]
    public async Task ListModels_UserWithoutAccess_GetsEmptyList()
    {
        var models = (await _gateway.Client(_gateway.Keys["bob"]).GetOpenAIModelClient().GetModelsAsync()).Value;
        Assert.Empty(models);
    }

    [Fact]
    public async Task GetModel_SlashInId_ReturnsTheModel()
    {
        var model = (await _gateway.Client().GetOpenAIModelClient().GetModelAsync("acme/chat")).Value;
        Assert.Equal("acme/chat", model.Id);
    }

    [Theory]
    [InlineData("acme/private", HttpStatusCode.Forbidden)]
    [InlineData("acme/missing", HttpStatusCode.NotFound)]
    public async Task GetModel_NotCallable_ReturnsError(string id, HttpStatusCode status)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/models/" + id);
        request.Headers.Authorization = new("Bearer", _gateway.Alice);
        using var response = await _gateway.Http.SendAsync(request);

        await ErrorTests.ErrorOf(response, status);
    }

    [Fact]
    public async Task ListModels_NoKey_Returns401()
    {
        using var response = await _gateway.Http.GetAsync("/v1/models");
        await ErrorTests.ErrorOf(response, HttpStatusCode.Unauthorized);
    }
}
