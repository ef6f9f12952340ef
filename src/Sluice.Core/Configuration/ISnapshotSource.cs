namespace Sluice.Core.Configuration;

/// <summary>Gives the current configuration snapshot; reading it is a single volatile read.</summary>
public interface ISnapshotSource
{
    GatewaySnapshot Current { get; }
}
