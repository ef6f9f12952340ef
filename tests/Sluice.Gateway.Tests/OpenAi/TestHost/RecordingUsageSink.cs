using System.Collections.Concurrent;
using Sluice.Core.Usage;

namespace Sluice.Gateway.Tests.OpenAi.TestHost;

/// <summary>Keeps every usage record; the gateway may record just after the response ends, so reads can wait.</summary>
internal sealed class RecordingUsageSink : IUsageSink
{
    private readonly ConcurrentQueue<UsageRecord> _records = new();

    public void Record(UsageRecord record) => _records.Enqueue(record);

    public async Task<UsageRecord> SingleForAsync(string requestId)
    {
        for (var i = 0; i < 200; i++)
        {
            UsageRecord? found = null;
            var count = 0;
            foreach (var record in _records)
            {
                if (record.RequestId != requestId) continue;
                found = record;
                count++;
            }

            if (count > 1) throw new InvalidOperationException($"{count} usage records for {requestId}");
            if (found is not null) return found;
            await Task.Delay(25);
        }

        throw new TimeoutException($"No usage record for {requestId}");
    }

    public bool Any(string requestId)
    {
        foreach (var record in _records)
        {
            if (record.RequestId == requestId) return true;
        }

        return false;
    }
}
