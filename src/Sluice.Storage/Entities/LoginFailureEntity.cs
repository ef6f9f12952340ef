namespace Sluice.Storage.Entities;

/// <summary>Failed password sign-ins counted for one email or client address (the key) since a moment in time.</summary>
public sealed class LoginFailureEntity
{
    public required string Key { get; set; }

    public int Failures { get; set; }

    public long SinceUnixMs { get; set; }
}
