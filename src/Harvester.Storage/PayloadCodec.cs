using System.IO.Compression;
using System.Security.Cryptography;

namespace Harvester.Storage;

/// <summary>How every backend stores a payload: named by the SHA-256 of its bytes, Brotli-compressed, verified on read.</summary>
public static class PayloadCodec
{
    /// <summary>No snapshot is larger (the archive client refuses bodies far smaller); a larger length is damage.</summary>
    public const int MaxPayloadBytes = 1 << 28;

    /// <summary>The SHA-256 of <paramref name="bytes"/>, lower-case hex.</summary>
    public static string Sha256(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    public static PayloadRecord Encode(byte[] bytes, string? sha256 = null)
    {
        using var output = new MemoryStream();
        using (var brotli = new BrotliStream(output, CompressionLevel.Optimal, leaveOpen: true)) brotli.Write(bytes);
        return new PayloadRecord { Sha256 = sha256 ?? Sha256(bytes), Compressed = output.ToArray(), Length = bytes.Length };
    }

    /// <summary>The payload's bytes when they decompress to exactly what its SHA-256 names; null when damaged.</summary>
    public static byte[]? Verified(PayloadRecord record)
    {
        if (record.Length is < 0 or > MaxPayloadBytes || record.Compressed is null) return null;
        try
        {
            using var input = new BrotliStream(new MemoryStream(record.Compressed), CompressionMode.Decompress);
            var bytes = new byte[record.Length];
            input.ReadExactly(bytes);
            if (input.ReadByte() != -1) return null;
            return Sha256(bytes) == record.Sha256 ? bytes : null;
        }
        catch (Exception e) when (e is InvalidDataException or InvalidOperationException or EndOfStreamException or IOException or OutOfMemoryException)
        {
            return null;
        }
    }
}
