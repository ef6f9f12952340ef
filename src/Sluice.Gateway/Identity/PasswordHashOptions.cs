namespace Sluice.Gateway.Identity;

/// <summary>
/// Argon2id cost parameters. The defaults are OWASP's first recommendation (19 MiB, 2 passes, 1 lane): about
/// 20-40 ms on one core, so a 2-core server can take a burst of sign-ins without starving the request path.
/// </summary>
public sealed record PasswordHashOptions
{
    public static readonly PasswordHashOptions Default = new();

    /// <summary>Memory in KiB (Argon2 <c>m</c>).</summary>
    public int MemoryKiB { get; init; } = 19456;

    /// <summary>Passes over memory (Argon2 <c>t</c>).</summary>
    public int Iterations { get; init; } = 2;

    /// <summary>Lanes (Argon2 <c>p</c>).</summary>
    public int Parallelism { get; init; } = 1;

    public int SaltBytes { get; init; } = 16;

    public int HashBytes { get; init; } = 32;
}
