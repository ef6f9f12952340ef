namespace Sluice.Limits.Alerts;

/// <summary>Takes alerts off the request path (the gateway's queue delivers them to webhooks and keeps them for the API).</summary>
public interface ILimitAlertSink
{
    void Publish(LimitAlert alert);
}
