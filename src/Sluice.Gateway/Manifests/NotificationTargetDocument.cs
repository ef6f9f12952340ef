namespace Sluice.Gateway.Manifests;

/// <summary>
/// Where an alert goes: <c>webhook</c> and <c>slack-webhook</c> (with <c>url</c>) are delivered; TrueFoundry's
/// <c>email</c>, <c>slack-bot</c>, <c>pagerduty</c> and <c>ms-teams-webhook</c> are accepted and recorded only.
/// </summary>
[TrueFoundryKeys("integration_fqn", "webhook_url", "integration_key", "routing_key")]
public sealed record NotificationTargetDocument(string Type)
{
    public string? Url { get; init; }

    public string? NotificationChannel { get; init; }

    public IReadOnlyList<string>? ToEmails { get; init; }

    public IReadOnlyList<string>? Channels { get; init; }
}
