using System.Text;
using Sluice.Gateway.ImageFetching;
using Sluice.Gateway.Tests.OpenAi.TestHost;

namespace Sluice.Gateway.Tests.ImageFetching;

public sealed class DataUrlTests
{
    [Fact]
    public void TryDecode_PngDataUrl_ReturnsBytes()
    {
        Assert.True(DataUrl.TryDecode(Encoding.ASCII.GetBytes(TestImages.PngDataUrl), out var data, out var type, out _));
        Assert.Equal("image/png", type);
        Assert.Equal(TestImages.Png, data.ToArray());
    }

    [Theory]
    [InlineData("data:image/svg+xml;base64,PHN2Zz4=", "not supported")]
    [InlineData("data:image/png,rawtext", "only base64")]
    [InlineData("data:image/png;base64,!!!", "not valid")]
    [InlineData("data:image/png;base64,aGVsbG8=", "not a PNG")]
    public void TryDecode_BadDataUrl_SaysWhy(string url, string reason)
    {
        Assert.False(DataUrl.TryDecode(Encoding.ASCII.GetBytes(url), out _, out _, out var why));
        Assert.Contains(reason, why);
    }
}
