using System.Buffers;
using System.Text;

namespace Sluice.Bedrock.Signing;

/// <summary>A reusable UTF-8 text buffer for the strings SigV4 hashes (canonical request, string to sign).</summary>
internal sealed class Utf8Text
{
    private byte[] _buffer = new byte[1024];
    private int _length;

    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _length);

    public void Clear() => _length = 0;

    public Utf8Text Append(string value)
    {
        Ensure(Encoding.UTF8.GetMaxByteCount(value.Length));
        _length += Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_length));
        return this;
    }

    public Utf8Text Append(char value)
    {
        if (value < 0x80)
        {
            Ensure(1);
            _buffer[_length++] = (byte)value;
            return this;
        }

        return Append(value.ToString());
    }

    public Utf8Text AppendHex(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length * 2);
        Convert.TryToHexStringLower(bytes, _buffer.AsSpan(_length), out var written);
        _length += written;
        return this;
    }

    public override string ToString() => Encoding.UTF8.GetString(Written);

    private void Ensure(int more)
    {
        if (_length + more <= _buffer.Length) return;
        var bigger = new byte[Math.Max(_buffer.Length * 2, _length + more)];
        _buffer.AsSpan(0, _length).CopyTo(bigger);
        _buffer = bigger;
    }
}
