using Sluice.Bedrock.Emulator;
using Sluice.Bedrock.Tests.EmulatorIntegration;
using Sluice.Core.Messages;

namespace Sluice.Bedrock.Tests.Messages;

/// <summary>The demo fixture with Claude Sonnet 4.5 caching from 8 words on, so cache tests need no 1,024-word prompts.</summary>
public sealed class MessagesEmulatorHost : EmulatorHost
{
    public const string Sonnet45 = "anthropic.claude-sonnet-4-5-20250929-v1:0";
    public const int CacheMinWords = 8;

    public FixtureModel Sonnet45Fixture => Emulator.Fixture.Models.Find(m => m.Id == Sonnet45)!;

    public IMessagesProvider Messages(string modelId = Sonnet45) => (IMessagesProvider)Provider(modelId, ApiKey);

    protected override EmulatorFixture CreateFixture()
    {
        var fixture = EmulatorFixture.LoadDemo();
        fixture.Models.Find(m => m.Id == Sonnet45)!.CacheMinTokens = CacheMinWords;
        return fixture;
    }
}
