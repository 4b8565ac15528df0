using System.Buffers.Binary;

namespace Harvester.Worker.Queries;

/// <summary>
/// The body of a worker's answer to <c>POST /cli</c> (the request is a <see cref="QueryRequest"/> as JSON): frames, each
/// a kind byte, a 4-byte big-endian length and the payload: UTF-8 text for <see cref="Output"/> and <see cref="Error"/>, and finally one
/// <see cref="Exit"/> frame whose payload is the exit code (4 bytes, big-endian).
/// </summary>
public static class QueryProtocol
{
    public const byte Output = 1;
    public const byte Error = 2;
    public const byte Exit = 3;

    /// <summary>Requests are a command line; a larger body is refused.</summary>
    public const int MaxRequestBytes = 1 << 20;

    /// <summary>The largest frame a worker sends (its writers flush well below this).</summary>
    public const int MaxFrameBytes = 1 << 24;

    public static Task WriteFrameAsync(Stream stream, byte kind, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken) =>
        WriteBlockAsync(stream, kind, payload, cancellationToken);

    public static Task WriteExitAsync(Stream stream, int exitCode, CancellationToken cancellationToken)
    {
        var payload = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(payload, exitCode);
        return WriteBlockAsync(stream, Exit, payload, cancellationToken);
    }

    /// <summary>The next frame, or null when the stream ended cleanly before one began.</summary>
    /// <exception cref="InvalidDataException">The stream ended inside a frame, or the frame is not one.</exception>
    public static async Task<(byte Kind, byte[] Payload)?> ReadFrameAsync(Stream stream, CancellationToken cancellationToken)
    {
        var head = new byte[5];
        int read = await stream.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        if (read == 0) return null;
        if (read < head.Length) throw new InvalidDataException("the answer ended inside a frame");
        byte kind = head[0];
        int length = BinaryPrimitives.ReadInt32BigEndian(head.AsSpan(1));
        if (kind is not (Output or Error or Exit) || length is < 0 or > MaxFrameBytes || (kind == Exit && length != 4))
        {
            throw new InvalidDataException($"not a frame (kind {kind}, {length} bytes)");
        }
        return (kind, await ReadExactlyAsync(stream, length, cancellationToken).ConfigureAwait(false));
    }

    private static async Task WriteBlockAsync(Stream stream, byte? kind, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        var head = new byte[kind is null ? 4 : 5];
        if (kind is { } k) head[0] = k;
        BinaryPrimitives.WriteInt32BigEndian(head.AsSpan(head.Length - 4), payload.Length);
        await stream.WriteAsync(head, cancellationToken).ConfigureAwait(false);
        await stream.WriteAsync(payload, cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<byte[]> ReadExactlyAsync(Stream stream, int count, CancellationToken cancellationToken)
    {
        var buffer = new byte[count];
        try
        {
            await stream.ReadExactlyAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("the stream ended early", e);
        }
        return buffer;
    }
}
