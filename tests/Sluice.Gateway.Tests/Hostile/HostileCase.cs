namespace Sluice.Gateway.Tests.Hostile;

/// <summary>Who a hostile request claims to be.</summary>
public enum Caller
{
    /// <summary>No Authorization header.</summary>
    None,

    /// <summary>A user who may call every model (team everyone).</summary>
    User,

    /// <summary>The tenant admin.</summary>
    Admin,
}

/// <summary>
/// One malformed or hostile request and the status it must get. <paramref name="Status"/> 0 means "any 4xx";
/// <paramref name="Protocol"/> marks requests the HTTP server itself refuses before the gateway sees them (no
/// OpenAI error body can be expected there).
/// </summary>
public sealed record HostileCase(
    string Name,
    string Method,
    string Path,
    byte[]? Body,
    int Status,
    Caller Caller = Caller.User,
    string ContentType = "application/json",
    string? Authorization = null,
    bool Protocol = false)
{
    public override string ToString() => Name;
}
