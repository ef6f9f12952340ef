using System.Security.Cryptography;
using System.Text;
using Sluice.Gateway.Security;

namespace Sluice.Gateway.Tests.Security;

public sealed class SecretProtectorTests
{
    [Fact]
    public void Protect_ThenUnprotect_RoundTrips()
    {
        var protector = new SecretProtector(RandomNumberGenerator.GetBytes(32));

        var blob = protector.Protect("s3cret"u8, "ctx");

        Assert.Equal("s3cret", Encoding.UTF8.GetString(protector.Unprotect(blob, "ctx")));
        Assert.True(blob.AsSpan().IndexOf("s3cret"u8) < 0);
    }

    [Fact]
    public void Unprotect_OtherContextOrKey_Throws()
    {
        var protector = new SecretProtector(RandomNumberGenerator.GetBytes(32));
        var blob = protector.Protect("s3cret"u8, "account-a");

        Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect(blob, "account-b"));
        Assert.ThrowsAny<CryptographicException>(() => new SecretProtector(RandomNumberGenerator.GetBytes(32)).Unprotect(blob, "account-a"));
    }

    [Fact]
    public void Load_EnvValueOfWrongLength_ExplainsHowToMakeOne()
    {
        var e = Assert.Throws<InvalidOperationException>(() =>
            MasterKeyLoader.Load(Path.GetTempPath(), Convert.ToBase64String(new byte[16]), Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance));

        Assert.Contains("openssl rand -base64 32", e.Message, StringComparison.Ordinal);
    }
}
