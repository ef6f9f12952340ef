using System.Text;
using Sluice.Gateway.Tests.Hosting;

namespace Sluice.Gateway.Tests.Storage;

public sealed class SecretsAtRestTests
{
    [Fact]
    public async Task StoredAccount_SecretNotInDatabaseFileBytes()
    {
        await using var host = await GatewayHost.StartAsync();
        await host.SendAsync(HttpMethod.Post, "/api/v1/apply", TestManifests.Account, "application/yaml");
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        var files = Directory.GetFiles(host.DataDir, "sluice.db*");
        var secret = Encoding.UTF8.GetBytes(TestManifests.Secret);
        var keyId = Encoding.UTF8.GetBytes("AKIDEXAMPLEUSER1");

        Assert.NotEmpty(files);
        var all = files.SelectMany(File.ReadAllBytes).ToArray();
        Assert.True(all.AsSpan().IndexOf(keyId) >= 0, "the non-secret access key id should be stored in clear, proving the scan sees the data");
        Assert.True(all.AsSpan().IndexOf(secret) < 0, "the secret access key must not appear in the database file");
    }

    [Fact]
    public async Task Restart_SameDataDir_DecryptsWithKeyFile()
    {
        var dir = Path.Combine(Path.GetTempPath(), "sluice-test-" + Guid.NewGuid().ToString("N"));
        await using (var first = await GatewayHost.StartAsync(dataDir: dir))
        {
            await first.SendAsync(HttpMethod.Post, "/api/v1/apply", TestManifests.Account, "application/yaml");
            await first.App.StopAsync();
            Assert.True(File.Exists(Path.Combine(dir, "master.key")));
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(dir, "master.key")));
            }

            // Keep the directory for the second host: copy it before the first one deletes it.
            CopyDir(dir, dir + "-copy");
        }

        await using var second = await GatewayHost.StartAsync(dataDir: dir + "-copy");

        Assert.Equal(TestManifests.Secret, second.Runtime.Accounts["acct-one"].Auth!.SecretAccessKey);
    }

    private static void CopyDir(string from, string to)
    {
        Directory.CreateDirectory(to);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var f in Directory.GetFiles(from))
        {
            File.Copy(f, Path.Combine(to, Path.GetFileName(f)));
        }
    }
}
