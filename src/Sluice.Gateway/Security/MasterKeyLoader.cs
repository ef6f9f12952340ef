using System.Security.Cryptography;
using Microsoft.Extensions.Logging;

namespace Sluice.Gateway.Security;

/// <summary>
/// Finds the 256-bit master key: <c>SLUICE_MASTER_KEY</c> (base64) if set, else <c>master.key</c> in the data
/// directory, created (mode 600) on first start.
/// </summary>
public static class MasterKeyLoader
{
    public const string EnvironmentVariable = "SLUICE_MASTER_KEY";
    public const string FileName = "master.key";

    public static byte[] Load(string dataDir, string? environmentValue, ILogger logger)
    {
        if (!string.IsNullOrWhiteSpace(environmentValue))
        {
            byte[] key;
            try
            {
                key = Convert.FromBase64String(environmentValue.Trim());
            }
            catch (FormatException)
            {
                throw new InvalidOperationException($"{EnvironmentVariable} is not valid base64. Generate one with: openssl rand -base64 32");
            }

            if (key.Length != 32)
            {
                throw new InvalidOperationException($"{EnvironmentVariable} must decode to 32 bytes (256 bits); it has {key.Length}. Generate one with: openssl rand -base64 32");
            }

            return key;
        }

        var path = Path.Combine(dataDir, FileName);
        if (File.Exists(path))
        {
            var key = Convert.FromBase64String(File.ReadAllText(path).Trim());
            if (key.Length != 32)
            {
                throw new InvalidOperationException($"The key file {path} does not hold a 256-bit key.");
            }

            LogUsingFile(logger, path, EnvironmentVariable);
            return key;
        }

        var created = RandomNumberGenerator.GetBytes(32);
        Directory.CreateDirectory(dataDir);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(path, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(Convert.ToBase64String(created));
        }

        LogCreatedFile(logger, path, EnvironmentVariable);
        return created;
    }

    private static void LogUsingFile(ILogger logger, string path, string variable) =>
        logger.LogWarning("Secrets are encrypted with the key file {Path}. Set {Variable} to keep the key outside the data directory.", path, variable);

    private static void LogCreatedFile(ILogger logger, string path, string variable) =>
        logger.LogWarning("Generated a new master key in {Path} (mode 600). Back it up: stored secrets cannot be read without it. Set {Variable} to supply your own.", path, variable);
}
