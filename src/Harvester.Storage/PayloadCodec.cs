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

    /// <summary>
    /// Each payload's SHA-256, in order, also set on the capture it was fetched for (<see cref="FetchedDigestRecord.Sha256"/>):
    /// the names every backend's <see cref="IPayloadStore.PutMany"/> stores under.
    /// </summary>
    public static List<string> Name(IReadOnlyList<(byte[] Bytes, FetchedDigestRecord? Fetched)> payloads)
    {
        var shas = new List<string>(payloads.Count);
        foreach (var (bytes, fetched) in payloads)
        {
            var sha = Sha256(bytes);
            if (fetched is not null) fetched.Sha256 = sha;
            shas.Add(sha);
        }
        return shas;
    }

    /// <summary>The records to insert: each distinct payload whose name is not in <paramref name="stored"/>, encoded once.</summary>
    public static List<PayloadRecord> EncodeMissing(IReadOnlyList<(byte[] Bytes, FetchedDigestRecord? Fetched)> payloads, IReadOnlyList<string> shas,
        IReadOnlySet<string> stored)
    {
        var records = new List<PayloadRecord>();
        var encoded = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < payloads.Count; i++)
        {
            if (!stored.Contains(shas[i]) && encoded.Add(shas[i])) records.Add(Encode(payloads[i].Bytes, shas[i]));
        }
        return records;
    }

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
