namespace Sluice.Bedrock.Tests.Runtime;

/// <summary>A response body that hands out scripted chunks, then ends, breaks, or waits for cancellation.</summary>
internal sealed class ScriptedStream(IReadOnlyList<byte[]> chunks, ScriptedStream.Ending ending = ScriptedStream.Ending.Clean) : Stream
{
    public enum Ending
    {
        Clean,
        ConnectionReset,
        Hang,
    }

    private int _next;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_next < chunks.Count)
        {
            var chunk = chunks[_next++];
            chunk.CopyTo(buffer);
            return chunk.Length;
        }

        switch (ending)
        {
            case Ending.ConnectionReset:
                throw new IOException("Connection reset by peer");
            case Ending.Hang:
                await Task.Delay(Timeout.Infinite, cancellationToken);
                return 0;
            default:
                return 0;
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
