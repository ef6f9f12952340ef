using System.Collections.Concurrent;

namespace Sluice.AzureOpenAI.Emulator.Fixtures;

/// <summary>
/// The emulated Azure OpenAI resource: its API key, deployments, the api-versions it serves, scripted faults and the
/// requests it received. Tests change it while the emulator runs.
/// </summary>
public sealed class AzureResourceState
{
    private readonly ConcurrentDictionary<string, AzureDeployment> _deployments = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentQueue<AzureFault>> _faults = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<ReceivedRequest> _received = new();

    /// <summary>The resource's key (KEY 1 in the portal).</summary>
    public string ApiKey { get; set; } = "azure-emulator-key-1";

    /// <summary>The <c>retry-after</c> seconds of a scripted 429.</summary>
    public int RetryAfterSeconds { get; set; } = 7;

    /// <summary>Data-plane api-versions the resource answers; others get Azure's 404 "Resource not found".</summary>
    public HashSet<string> ApiVersions { get; } =
    [
        "2023-05-15", "2024-02-01", "2024-06-01", "2024-10-21",
        "2024-08-01-preview", "2024-12-01-preview", "2025-01-01-preview", "2025-03-01-preview", "2025-04-01-preview",
    ];

    public IReadOnlyCollection<ReceivedRequest> Received => _received;

    public void AddDeployment(AzureDeployment deployment) => _deployments[deployment.Name] = deployment;

    /// <summary>The distinct models behind the deployments, sorted.</summary>
    public IReadOnlyList<string> Models() => _deployments.Values.Select(d => d.Model).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    public AzureDeployment? Deployment(string name) => _deployments.GetValueOrDefault(name);

    /// <summary>Makes the next call to <paramref name="deployment"/> fail with <paramref name="fault"/>.</summary>
    public void Fail(string deployment, AzureFault fault) => _faults.GetOrAdd(deployment, _ => new()).Enqueue(fault);

    internal AzureFault? NextFault(string deployment) =>
        _faults.TryGetValue(deployment, out var queue) && queue.TryDequeue(out var fault) ? fault : null;

    internal void Record(ReceivedRequest request) => _received.Enqueue(request);
}
