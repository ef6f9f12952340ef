namespace Sluice.Limits.Rules;

/// <summary>
/// Where a threshold alert goes. <c>webhook</c> (a generic JSON body) and <c>slack-webhook</c> are delivered; the
/// other TrueFoundry targets (<c>email</c>, <c>slack-bot</c>, <c>pagerduty</c>, <c>ms-teams-webhook</c>) are accepted
/// and the alert is recorded (visible in the status API) without delivery.
/// </summary>
public sealed record AlertTarget(string Type, string? Url)
{
    public const string Webhook = "webhook";
    public const string SlackWebhook = "slack-webhook";

    public bool IsDelivered => Url is not null && Type is Webhook or SlackWebhook;
}
