using Sluice.Core.Access;

namespace Sluice.Gateway.Tests.Access;

public sealed class SubjectTests
{
    [Theory]
    [InlineData("user:alice@example.com", SubjectKind.User, "alice@example.com", "user:alice@example.com")]
    [InlineData("user:Alice@Example.COM", SubjectKind.User, "alice@example.com", "user:alice@example.com")]
    [InlineData("team:ml-platform", SubjectKind.Team, "ml-platform", "team:ml-platform")]
    [InlineData("team:everyone", SubjectKind.Team, "everyone", "team:everyone")]
    [InlineData("virtualaccount:billing-bot", SubjectKind.VirtualAccount, "billing-bot", "virtualaccount:billing-bot")]
    public void TryParse_ValidSubject_GivesKindNameAndCanonicalValue(string text, SubjectKind kind, string name, string value)
    {
        Assert.True(Subject.TryParse(text, out var subject, out var error));
        Assert.Null(error);
        Assert.Equal(kind, subject.Kind);
        Assert.Equal(name, subject.Name);
        Assert.Equal(value, subject.Value);
    }

    [Theory]
    [InlineData("group:ml", "must start with 'user:', 'team:' or 'virtualaccount:'")]
    [InlineData("User:alice@example.com", "must start with 'user:', 'team:' or 'virtualaccount:'")]
    [InlineData("alice@example.com", "must start with 'user:', 'team:' or 'virtualaccount:'")]
    [InlineData("user:alice", "must be followed by an email address")]
    [InlineData("user:", "must be followed by an email address")]
    [InlineData("user:a b@example.com", "must be followed by an email address")]
    [InlineData("team:", "must be followed by a team name")]
    [InlineData("team:ml platform", "must be followed by a team name")]
    [InlineData("virtualaccount:-bot", "must be followed by a virtual-account name")]
    [InlineData("", "A subject is required")]
    public void TryParse_InvalidSubject_ExplainsWhatIsExpected(string text, string expectedMessagePart)
    {
        Assert.False(Subject.TryParse(text, out _, out var error));
        Assert.Contains(expectedMessagePart, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Invalid_ThrowsFormatExceptionWithTheSubject()
    {
        var ex = Assert.Throws<FormatException>(() => Subject.Parse("role:admin"));
        Assert.Contains("'role:admin'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ForUser_MixedCaseEmail_MatchesParsedSubject()
    {
        Assert.Equal(Subject.Parse("user:BOB@x.com").Value, Subject.ForUser(" Bob@X.com "));
    }
}
