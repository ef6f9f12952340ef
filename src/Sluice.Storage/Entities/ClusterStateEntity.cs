namespace Sluice.Storage.Entities;

/// <summary>
/// The one row (<see cref="SingletonId"/>) the instances sharing a store agree on: the configuration version every
/// change bumps (instances rebuild their snapshot when it moves) and a check value of the master key.
/// </summary>
public sealed class ClusterStateEntity
{
    public const int SingletonId = 1;

    public int Id { get; set; }

    public long ConfigVersion { get; set; }

    /// <summary>A one-way check value of the master key of the first instance that started; null until then.</summary>
    public string? MasterKeyCheck { get; set; }
}
