namespace Sluice.Gateway.Telemetry;

/// <summary>
/// Passes reads or writes through to <paramref name="inner"/> and keeps a copy of the first <paramref name="cap"/>
/// bytes, counting the rest: the request or response body of a call whose bodies are logged.
/// </summary>
internal sealed class CapturingStream(Stream inner, int cap) : Stream
{
    private readonly byte[] _head = new byte[cap];

    public Stream Inner => inner;

    /// <summary>The bytes kept (at most the cap).</summary>
    public ReadOnlySpan<byte> Head => _head.AsSpan(0, (int)Math.Min(Total, _head.Length));

    /// <summary>Every byte that went through.</summary>
    public long Total { get; private set; }

    public override bool CanRead => inner.CanRead;

    public override bool CanSeek => false;

    public override bool CanWrite => inner.CanWrite;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        Keep(buffer[..read]);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken);
        Keep(buffer.Span[..read]);
        return read;
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        Keep(buffer);
        inner.Write(buffer);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Keep(buffer.Span);
        return inner.WriteAsync(buffer, cancellationToken);
    }

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    private void Keep(ReadOnlySpan<byte> bytes)
    {
        var kept = (int)Math.Min(Total, _head.Length);
        var room = _head.Length - kept;
        if (room > 0) bytes[..Math.Min(room, bytes.Length)].CopyTo(_head.AsSpan(kept));
        Total += bytes.Length;
    }
}
