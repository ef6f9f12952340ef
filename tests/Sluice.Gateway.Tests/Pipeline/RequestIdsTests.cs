using Sluice.Gateway.Pipeline;

namespace Sluice.Gateway.Tests.Pipeline;

public sealed class RequestIdsTests
{
    [Theory]
    [InlineData("abc-123_X.y", true)]
    [InlineData("", false)]
    [InlineData("has space", false)]
    [InlineData("semi;colon", false)]
    [InlineData("é", false)]
    public void IsSane_AcceptsOnlyShortSafeIds(string id, bool expected) => Assert.Equal(expected, RequestIds.IsSane(id));

    [Fact]
    public void IsSane_TooLong_IsRejected()
    {
        Assert.True(RequestIds.IsSane(new string('a', 128)));
        Assert.False(RequestIds.IsSane(new string('a', 129)));
    }
}
