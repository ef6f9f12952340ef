using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Konscious.Security.Cryptography;

namespace Sluice.Gateway.Identity;

/// <summary>
/// Hashes passwords with Argon2id into PHC strings (<c>$argon2id$v=19$m=19456,t=2,p=1$salt$hash</c>, unpadded
/// standard base64), verifies them in constant time, and says when a stored hash was made with weaker parameters.
/// </summary>
public sealed class PasswordHasher
{
    private const string Prefix = "$argon2id$v=19$";

    // Stored strings are ours, but a tampered row must not make one sign-in allocate gigabytes.
    private const int MaxMemoryKiB = 1024 * 1024;
    private const int MaxIterations = 64;
    private const int MaxParallelism = 16;

    private readonly PasswordHashOptions _options;
    private readonly Lazy<string> _dummyHash;

    public PasswordHasher(PasswordHashOptions? options = null)
    {
        _options = options ?? PasswordHashOptions.Default;
        if (_options.MemoryKiB < 8 * _options.Parallelism || _options.Iterations < 1 || _options.Parallelism < 1 ||
            _options.SaltBytes < 8 || _options.HashBytes < 16)
        {
            throw new ArgumentException("Argon2id needs m >= 8*p KiB, t >= 1, p >= 1, a salt of 8+ bytes and a hash of 16+ bytes.", nameof(options));
        }

        _dummyHash = new Lazy<string>(() => Hash(Convert.ToBase64String(RandomNumberGenerator.GetBytes(16))));
    }

    public PasswordHashOptions Options => _options;

    /// <summary>Hashes a password with a fresh random salt; the result carries its own parameters.</summary>
    public string Hash(string password)
    {
        ArgumentException.ThrowIfNullOrEmpty(password);
        var salt = RandomNumberGenerator.GetBytes(_options.SaltBytes);
        var hash = Derive(password, salt, _options.MemoryKiB, _options.Iterations, _options.Parallelism, _options.HashBytes);
        return string.Create(CultureInfo.InvariantCulture,
            $"{Prefix}m={_options.MemoryKiB},t={_options.Iterations},p={_options.Parallelism}${Encode(salt)}${Encode(hash)}");
    }

    /// <summary>
    /// Whether <paramref name="password"/> matches <paramref name="encoded"/>. A null, malformed or foreign hash is
    /// false. For an unknown user pass null: the same work is done, so timing does not reveal which emails exist.
    /// </summary>
    public bool Verify(string? encoded, string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        if (encoded is null || password.Length == 0 || !TryParse(encoded, out var parameters))
        {
            // Argon2 refuses an empty password; the dummy run is only there to spend the same time.
            VerifyParsed(ParseDummy(), password.Length == 0 ? "\0" : password);
            return false;
        }

        return VerifyParsed(parameters, password);
    }

    /// <summary>True when the stored hash is not Argon2id with this hasher's parameters, so it should be re-hashed after a successful sign-in.</summary>
    public bool NeedsRehash(string encoded) =>
        !TryParse(encoded, out var p) ||
        p.MemoryKiB != _options.MemoryKiB || p.Iterations != _options.Iterations || p.Parallelism != _options.Parallelism ||
        p.Salt.Length != _options.SaltBytes || p.Hash.Length != _options.HashBytes;

    private bool VerifyParsed(Parameters p, string password)
    {
        var actual = Derive(password, p.Salt, p.MemoryKiB, p.Iterations, p.Parallelism, p.Hash.Length);
        return CryptographicOperations.FixedTimeEquals(actual, p.Hash);
    }

    private Parameters ParseDummy() => TryParse(_dummyHash.Value, out var p) ? p : throw new InvalidOperationException("Dummy hash did not parse.");

    private static byte[] Derive(string password, byte[] salt, int memoryKiB, int iterations, int parallelism, int length)
    {
        var passwordBytes = Encoding.UTF8.GetBytes(password);
        try
        {
            using var argon = new Argon2id(passwordBytes)
            {
                Salt = salt,
                MemorySize = memoryKiB,
                Iterations = iterations,
                DegreeOfParallelism = parallelism,
            };
            return argon.GetBytes(length);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(passwordBytes);
        }
    }

    private static bool TryParse(string encoded, out Parameters parameters)
    {
        parameters = default;
        if (!encoded.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var parts = encoded[Prefix.Length..].Split('$');
        if (parts.Length != 3)
        {
            return false;
        }

        int m = 0, t = 0, p = 0;
        foreach (var pair in parts[0].Split(','))
        {
            if (pair.Length < 3 || pair[1] != '=' || !int.TryParse(pair.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                return false;
            }

            switch (pair[0])
            {
                case 'm': m = value; break;
                case 't': t = value; break;
                case 'p': p = value; break;
                default: return false;
            }
        }

        if (m < 8 || m > MaxMemoryKiB || t < 1 || t > MaxIterations || p < 1 || p > MaxParallelism || m < 8 * p)
        {
            return false;
        }

        if (!TryDecode(parts[1], out var salt) || !TryDecode(parts[2], out var hash) || salt.Length < 8 || hash.Length < 16 || hash.Length > 1024)
        {
            return false;
        }

        parameters = new Parameters(m, t, p, salt, hash);
        return true;
    }

    private static string Encode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=');

    private static bool TryDecode(string text, out byte[] bytes)
    {
        bytes = [];
        if (text.Length == 0 || text.Contains('='))
        {
            return false;
        }

        var padded = text.PadRight(text.Length + ((4 - (text.Length % 4)) % 4), '=');
        var buffer = new byte[padded.Length];
        if (!Convert.TryFromBase64String(padded, buffer, out var written))
        {
            return false;
        }

        bytes = buffer[..written];
        return true;
    }

    private readonly record struct Parameters(int MemoryKiB, int Iterations, int Parallelism, byte[] Salt, byte[] Hash);
}
