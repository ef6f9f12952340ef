using Microsoft.Extensions.Time.Testing;
using Sluice.Core.Chat;
using Sluice.Core.Errors;
using Sluice.Core.Routing;

namespace Sluice.Gateway.Tests.Routing;

/// <summary>Builds routers over <see cref="FakeTarget"/>s on a fake clock.</summary>
internal static class RoutingHarness
{
    public static readonly ChatRequest Chat = new() { Model = "group/vm", Messages = [new ChatMessage { Role = ChatRole.User, Content = [new TextPart("hi")] }] };

    public static RoutingTarget Target(FakeTarget fake, TimeProvider time, int weight = 0, int priority = 0, int retries = 0, int delayMs = 0,
        bool fallbackCandidate = true, KeyValuePair<string, string>[]? metadataMatch = null) =>
        new(fake.Route, time)
        {
            Weight = weight,
            Priority = priority,
            Retry = RetryPolicy.Default with { Attempts = retries, Delay = TimeSpan.FromMilliseconds(delayMs) },
            FallbackCandidate = fallbackCandidate,
            MetadataMatch = metadataMatch,
        };

    public static VirtualModelProvider Router(RoutingStrategyKind kind, TimeProvider time, Random random, params RoutingTarget[] targets) =>
        new("group/vm", kind, targets, null, time, random);

    public static async Task<int> NextCallAsync(FakeTarget target) =>
        await target.Calls.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

    public static FakeTimeProvider Clock() => new(new DateTimeOffset(2026, 12, 5, 0, 0, 0, TimeSpan.Zero));
}

/// <summary>A routing call that records the attempts reported as failed and answers header lookups.</summary>
internal sealed class RecordingCall(Dictionary<string, string>? headers = null) : RouteCall
{
    public List<(string Target, int Attempt, int Status)> Failed { get; } = [];

    public override string? Header(string name) => headers is not null && headers.TryGetValue(name, out var v) ? v : null;

    public override void AttemptFailed(RoutingTarget target, int attempt, GatewayError error, TimeSpan elapsed) =>
        Failed.Add((target.Route.FullName, attempt, error.Status));
}
