using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sluice.Core.Errors;
using Sluice.Gateway.ImageFetching;
using Sluice.Gateway.Tests.OpenAi.TestHost;

namespace Sluice.Gateway.Tests.ImageFetching;

/// <summary>The fetcher against images served by a loopback Kestrel (allowed only where a test opts in).</summary>
public sealed class ImageFetcherTests : IAsyncLifetime
{
    private TestGateway _server = null!;

    public async Task InitializeAsync() => _server = await TestGateway.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Fetch_PngWithLoopbackAllowed_ReturnsBytesAndSniffedType()
    {
        using var fetcher = Fetcher(allowLoopback: true);

        var image = await fetcher.FetchAsync(_server.BaseUrl + "/img/png", "p", CancellationToken.None);

        Assert.Equal("image/png", image.MediaType);
        Assert.Equal(TestImages.Png, image.Data.ToArray());
    }

    [Fact]
    public async Task Fetch_MislabelledImage_UsesTheTypeTheBytesShow()
    {
        using var fetcher = Fetcher(allowLoopback: true);
        var image = await fetcher.FetchAsync(_server.BaseUrl + "/img/mislabelled", "p", CancellationToken.None);
        Assert.Equal("image/jpeg", image.MediaType);
    }

    [Theory]
    [InlineData("/img/png")]
    public async Task Fetch_LoopbackByDefault_IsRefused(string path)
    {
        using var fetcher = Fetcher(allowLoopback: false);
        var port = new Uri(_server.BaseUrl).Port;

        var byIp = await RefusalAsync(fetcher, _server.BaseUrl + path);
        var byName = await RefusalAsync(fetcher, $"http://localhost:{port}{path}");

        Assert.Contains("loopback", byIp.Message);
        Assert.Contains("loopback", byName.Message);
    }

    [Theory]
    [InlineData("http://169.254.169.254/latest/meta-data/", "link-local")]
    [InlineData("http://10.1.2.3/a.png", "private")]
    [InlineData("http://[fd00::1]/a.png", "private")]
    [InlineData("http://0.0.0.0/a.png", "unspecified")]
    public async Task Fetch_ForbiddenAddress_IsRefusedWithoutConnecting(string url, string reason)
    {
        using var fetcher = Fetcher(allowLoopback: true);
        var error = await RefusalAsync(fetcher, url);
        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public async Task Fetch_RedirectToMetadataEndpoint_IsRefused()
    {
        using var fetcher = Fetcher(allowLoopback: true);
        var error = await RefusalAsync(fetcher, _server.BaseUrl + "/img/to-metadata");
        Assert.Contains("link-local", error.Message);
    }

    [Fact]
    public async Task Fetch_ThreeRedirects_AreFollowedButFourAreNot()
    {
        using var fetcher = Fetcher(allowLoopback: true);

        var image = await fetcher.FetchAsync(_server.BaseUrl + "/img/redirect/2", "p", CancellationToken.None);
        var error = await RefusalAsync(fetcher, _server.BaseUrl + "/img/redirect/3");

        Assert.Equal("image/png", image.MediaType);
        Assert.Contains("redirected more than 3 times", error.Message);
    }

    [Fact]
    public async Task Fetch_TooLarge_IsRefused()
    {
        using var fetcher = Fetcher(allowLoopback: true);
        var error = await RefusalAsync(fetcher, _server.BaseUrl + "/img/big");
        Assert.Contains("larger than 10 MB", error.Message);
    }

    [Fact]
    public async Task Fetch_NotAnImage_IsRefused()
    {
        using var fetcher = Fetcher(allowLoopback: true);
        var error = await RefusalAsync(fetcher, _server.BaseUrl + "/img/html");
        Assert.Contains("text/html", error.Message);
    }

    [Fact]
    public async Task Chat_ImageUrlOnLoopbackByDefault_Returns400NamingTheParam()
    {
        using var response = await _server.PostAsync("/v1/chat/completions",
            "{\"model\":\"acme/chat\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"what?\"},{\"type\":\"image_url\",\"image_url\":{\"url\":\"" + _server.BaseUrl + "/img/png\"}}]}]}");

        var error = await Sluice.Gateway.Tests.OpenAi.ErrorTests.ErrorOf(response, System.Net.HttpStatusCode.BadRequest);
        Assert.Equal("messages[0].content[1].image_url.url", error.GetProperty("param").GetString());
        Assert.Contains("loopback", error.GetProperty("message").GetString());
        Assert.Equal(0, _server.Provider.Calls);
    }

    [Fact]
    public async Task Chat_ImageUrlWithLoopbackAllowed_ReachesProviderAsBytes()
    {
        await using var gateway = await TestGateway.StartAsync(s => s.Configure<ImageFetchOptions>(o => o.AllowLoopback = true));

        using var response = await gateway.PostAsync("/v1/chat/completions",
            "{\"model\":\"acme/chat\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"" + gateway.BaseUrl + "/img/png\"}},{\"type\":\"image_url\",\"image_url\":{\"url\":\"" + TestImages.PngDataUrl + "\"}}]}]}");

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var content = gateway.Provider.LastChat!.Messages[0].Content;
        Assert.Equal(2, content.Count);
        Assert.All(content, part => Assert.Equal(TestImages.Png, Assert.IsType<Sluice.Core.Chat.ImagePart>(part).Data.ToArray()));
    }

    private static ImageFetcher Fetcher(bool allowLoopback) =>
        new(Options.Create(new ImageFetchOptions { AllowLoopback = allowLoopback }));

    private static async Task<GatewayError> RefusalAsync(ImageFetcher fetcher, string url)
    {
        var e = await Assert.ThrowsAsync<GatewayException>(() => fetcher.FetchAsync(url, "messages[0].content[0].image_url.url", CancellationToken.None));
        Assert.Equal((400, "messages[0].content[0].image_url.url", "invalid_image_url"), (e.Error.Status, e.Error.Param, e.Error.Code));
        return e.Error;
    }
}
