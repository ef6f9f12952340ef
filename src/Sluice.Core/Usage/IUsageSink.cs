namespace Sluice.Core.Usage;

/// <summary>Accepts usage records without blocking; a background writer persists them in batches.</summary>
public interface IUsageSink
{
    void Record(UsageRecord record);
}
