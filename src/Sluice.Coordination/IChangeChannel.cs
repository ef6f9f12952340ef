namespace Sluice.Coordination;

/// <summary>
/// Tells the other instances that the configuration changed. Delivery is best effort: instances also poll the
/// configuration version in the database, so a lost notification only delays convergence.
/// </summary>
public interface IChangeChannel
{
    /// <summary>False while the channel's server is unreachable (instances then converge by polling alone).</summary>
    bool IsConnected { get; }

    /// <summary>Announces a new configuration version; never blocks and never throws.</summary>
    void Publish(long version);

    /// <summary>
    /// Calls <paramref name="changed"/> for every version another instance announces, and once more after a lost
    /// connection came back (notifications sent meanwhile are gone, so the listener should check the version).
    /// </summary>
    void Subscribe(Action changed);
}
