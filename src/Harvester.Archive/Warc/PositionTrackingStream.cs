namespace Harvester.Archive.Warc;

/// <summary>A read-only buffered stream that knows how many bytes were consumed, with one byte of look-ahead.</summary>
internal sealed class PositionTrackingStream(Stream inner) : Stream
{
    private readonly BufferedStream _inner = new(inner, 64 * 1024);
    private long _position;
    private int _peeked = -2;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _position; set => throw new NotSupportedException(); }

    public int PeekByte()
    {
        if (_peeked == -2) _peeked = _inner.ReadByte();
        return _peeked;
    }

    public override int ReadByte()
    {
        int b = _peeked != -2 ? _peeked : _inner.ReadByte();
        _peeked = -2;
        if (b >= 0) _position++;
        return b;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (buffer.Length == 0) return 0;
        int written = 0;
        if (_peeked != -2)
        {
            if (_peeked < 0) { _peeked = -2; return 0; }
            buffer[0] = (byte)_peeked;
            _peeked = -2;
            written = 1;
        }
        written += _inner.Read(buffer[written..]);
        _position += written;
        return written;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
