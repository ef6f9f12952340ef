using System.Buffers.Binary;

namespace Sluice.Core.Ids;

/// <summary>
/// Identifiers for requests and answers (<c>req_…</c>, <c>chatcmpl-…</c>, <c>msg_01…</c>): unique, not secret.
/// </summary>
/// <remarks>
/// <c>Guid.NewGuid</c>, <c>Guid.CreateVersion7</c> and <c>RandomNumberGenerator</c> each read the operating system's
/// random source (a <c>read</c> of /dev/urandom per call on this runtime: three system calls per chat request).
/// These ids only need to be unique, so they come from <see cref="Random.Shared"/> (a per-thread xoshiro256** seeded
/// once from the operating system): 128 random bits, no system call, one string allocation per id.
/// </remarks>
public static class RandomIds
{
    /// <summary><paramref name="prefix"/> followed by 32 lower-case hex digits of 128 random bits.</summary>
    public static string Hex128(string prefix) =>
        string.Create(prefix.Length + 32, prefix, static (span, p) =>
        {
            p.CopyTo(span);
            Random.Shared.GetHexString(span[p.Length..], lowercase: true);
        });

    /// <summary>
    /// <paramref name="prefix"/> followed by a UUID version 7 as 32 lower-case hex digits (the layout of
    /// <c>Guid.CreateVersion7().ToString("N")</c>): 48 bits of Unix milliseconds first, so ids sort by creation time.
    /// </summary>
    public static string Version7(string prefix, DateTimeOffset now) =>
        string.Create(prefix.Length + 32, (prefix, now.ToUnixTimeMilliseconds()), static (span, state) =>
        {
            Span<byte> bytes = stackalloc byte[16];
            Random.Shared.NextBytes(bytes);
            Span<byte> time = stackalloc byte[8];
            BinaryPrimitives.WriteInt64BigEndian(time, state.Item2);
            time[2..].CopyTo(bytes); // the low 48 bits, big-endian
            bytes[6] = (byte)(0x70 | (bytes[6] & 0x0F)); // version 7
            bytes[8] = (byte)(0x80 | (bytes[8] & 0x3F)); // RFC 9562 variant
            state.Item1.CopyTo(span);
            Convert.TryToHexStringLower(bytes, span[state.Item1.Length..], out _);
        });

    /// <summary><paramref name="prefix"/> followed by <paramref name="length"/> characters drawn from <paramref name="alphabet"/>.</summary>
    public static string FromAlphabet(string prefix, string alphabet, int length) =>
        string.Create(prefix.Length + length, (prefix, alphabet), static (span, state) =>
        {
            state.Item1.CopyTo(span);
            Random.Shared.GetItems(state.Item2.AsSpan(), span[state.Item1.Length..]);
        });
}
