using System.Runtime.CompilerServices;
using System.Text;
using Sluice.Core.Chat;
using Sluice.Core.Configuration;
using Sluice.Core.Errors;
using Sluice.Core.Messages;

namespace Sluice.Gateway.Tests.Routing;

/// <summary>
/// An Anthropic event sequence from a <see cref="FakeTarget"/>: message_start, a text block of three deltas, message_delta,
/// message_stop; failing after <see cref="FakeTarget.Step.StreamFailsAfter"/> deltas, or with an error event before any.
/// </summary>
internal sealed class FakeMessagesStream(ModelRoute route, FakeTarget.Step step) : MessagesStream
{
    private Usage? _usage;

    public override UpstreamInfo Upstream { get; } = new(route.UpstreamModelId, "us-east-1");

    public override MessagesAdjustments Adjustments => MessagesAdjustments.None;

    public override Usage? Usage => _usage;

    public override async IAsyncEnumerable<MessagesEvent> ReadEventsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        _usage = new Usage(3, 0);
        yield return Event("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_" + route.Account + "\"}}");
        if (step.ErrorEvent)
        {
            yield return Event("error", "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}");
            yield break;
        }

        yield return Event("ping", "{\"type\":\"ping\"}");
        yield return Event("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}");
        if (step.BeforeFirstUpdate is { } wait) await wait(cancellationToken);
        string[] words = ["one ", "two ", "three "];
        for (var i = 0; i < words.Length; i++)
        {
            if (step.StreamFailsAfter == i) throw new GatewayException(step.Error!);
            yield return Event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"" + words[i] + "\"}}");
        }

        yield return Event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}");
        _usage = new Usage(3, 3);
        yield return Event("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":3}}");
        yield return Event("message_stop", "{\"type\":\"message_stop\"}");
    }

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static MessagesEvent Event(string type, string json) => new(type, Encoding.UTF8.GetBytes(json));
}
