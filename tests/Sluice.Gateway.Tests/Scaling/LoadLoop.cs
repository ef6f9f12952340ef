namespace Sluice.Gateway.Tests.Scaling;

/// <summary>Sends chat completions through both instances back to back until stopped, counting the answers by status.</summary>
internal sealed class LoadLoop
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _workers = [];
    private readonly Dictionary<int, int> _statuses = [];

    public LoadLoop(TwoInstances instances, string model, int workersPerInstance = 2)
    {
        foreach (var host in new[] { instances.A, instances.B })
        {
            for (var i = 0; i < workersPerInstance; i++)
            {
                _workers.Add(Task.Run(async () =>
                {
                    while (!_stop.IsCancellationRequested)
                    {
                        var status = await instances.ChatAsync(host, model);
                        lock (_statuses) _statuses[status] = _statuses.GetValueOrDefault(status) + 1;
                    }
                }));
            }
        }
    }

    /// <summary>Stops and returns the count of each status.</summary>
    public async Task<Dictionary<int, int>> StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_workers);
        lock (_statuses) return new Dictionary<int, int>(_statuses);
    }

    /// <summary>Requests answered so far.</summary>
    public int Sent
    {
        get
        {
            lock (_statuses) return _statuses.Values.Sum();
        }
    }
}
