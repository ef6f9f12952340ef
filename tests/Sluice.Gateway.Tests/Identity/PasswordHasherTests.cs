using Sluice.Gateway.Identity;

namespace Sluice.Gateway.Tests.Identity;

public sealed class PasswordHasherTests
{
    // Cheap parameters keep the suite fast on a shared 2-core box; one test covers the defaults.
    private static readonly PasswordHashOptions Cheap = new() { MemoryKiB = 64, Iterations = 1, Parallelism = 1 };
    private readonly PasswordHasher _hasher = new(Cheap);

    [Fact]
    public void Hash_DefaultOptions_IsPhcArgon2idWithOwaspParameters()
    {
        var hasher = new PasswordHasher();

        var encoded = hasher.Hash("correct horse battery staple");

        Assert.StartsWith("$argon2id$v=19$m=19456,t=2,p=1$", encoded, StringComparison.Ordinal);
        var parts = encoded.Split('$');
        Assert.Equal(6, parts.Length);
        Assert.Equal(16, Convert.FromBase64String(parts[4] + "==").Length);
        Assert.Equal(32, Convert.FromBase64String(parts[5] + "=").Length);
        Assert.True(hasher.Verify(encoded, "correct horse battery staple"));
        Assert.False(hasher.NeedsRehash(encoded));
    }

    [Fact]
    public void Verify_RightAndWrongPassword_OnlyRightOneMatches()
    {
        var encoded = _hasher.Hash("s3cret-passw0rd");

        Assert.True(_hasher.Verify(encoded, "s3cret-passw0rd"));
        Assert.False(_hasher.Verify(encoded, "s3cret-passw0rD"));
        Assert.False(_hasher.Verify(encoded, ""));
    }

    [Fact]
    public void Hash_SamePasswordTwice_UsesFreshSalt()
    {
        Assert.NotEqual(_hasher.Hash("same password here"), _hasher.Hash("same password here"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("plaintext")]
    [InlineData("$argon2i$v=19$m=64,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA")]
    [InlineData("$argon2id$v=16$m=64,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA")]
    [InlineData("$argon2id$v=19$m=99999999,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA")]
    [InlineData("$argon2id$v=19$m=64,t=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA$")]
    [InlineData("$argon2id$v=19$m=64,t=1,p=1$not base64!$aGFzaGhhc2hoYXNoaGFzaA")]
    public void Verify_MissingOrMalformedHash_IsFalseWithoutThrowing(string? encoded)
    {
        Assert.False(_hasher.Verify(encoded, "whatever password"));
    }

    [Fact]
    public void Verify_TamperedHashByte_IsFalse()
    {
        var encoded = _hasher.Hash("tamper test password");
        // Not the last character: in unpadded base64 its low bits are padding a decoder may ignore.
        var i = encoded.Length - 5;
        var tampered = encoded[..i] + (encoded[i] == 'A' ? 'B' : 'A') + encoded[(i + 1)..];

        Assert.False(_hasher.Verify(tampered, "tamper test password"));
    }

    [Fact]
    public void NeedsRehash_HashFromWeakerParameters_TrueButStillVerifies()
    {
        var old = _hasher.Hash("upgrade me please");
        var current = new PasswordHasher(Cheap with { Iterations = 2 });

        Assert.True(current.Verify(old, "upgrade me please"));
        Assert.True(current.NeedsRehash(old));
        Assert.False(current.NeedsRehash(current.Hash("upgrade me please")));
        Assert.True(current.NeedsRehash("not a hash"));
    }

    [Fact]
    public void Hash_EmptyPassword_Throws()
    {
        Assert.Throws<ArgumentException>(() => _hasher.Hash(""));
    }

    [Fact]
    public void Constructor_TooWeakOptions_Throws()
    {
        Assert.Throws<ArgumentException>(() => new PasswordHasher(new PasswordHashOptions { Iterations = 0 }));
    }

    [Theory]
    [InlineData("short", "at least 12")]
    [InlineData("            ", "only spaces")]
    [InlineData("alice@example.com", "email")]
    public void PasswordPolicy_WeakPassword_SaysWhy(string password, string expected)
    {
        Assert.Contains(expected, PasswordPolicy.Check(password, "alice@example.com"), StringComparison.Ordinal);
    }

    [Fact]
    public void PasswordPolicy_LongPassphrase_Accepted()
    {
        Assert.Null(PasswordPolicy.Check("correct horse battery staple", "alice@example.com"));
    }
}
