using System.IO.Compression;
using System.Security.Cryptography;

namespace Harvester.Storage;

/// <summary>
/// Raw snapshot payloads, content-addressed by SHA-256 and Brotli-compressed, each stored once; and which CDX
/// digests were already fetched, so that an unchanged page costs no new request.
/// </summary>
public sealed class PayloadStore(HarvesterDatabase database)
{
    /// <summary>Stores <paramref name="bytes"/> unless already there; returns its SHA-256 (lower-case hex).</summary>
    public string Put(byte[] bytes)
    {
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (database.Read(() => database.Payloads.FindById(sha)) is not null) return sha;
        using var output = new MemoryStream();
        using (var brotli = new BrotliStream(output, CompressionLevel.Optimal, leaveOpen: true)) brotli.Write(bytes);
        var record = new PayloadRecord { Sha256 = sha, Compressed = output.ToArray(), Length = bytes.Length };
        // Insert, never update: a payload is immutable, and a racing writer of the same bytes already stored them.
        database.Write(() =>
        {
            if (database.Payloads.FindById(sha) is null) database.Payloads.Insert(record);
        });
        return sha;
    }

    /// <exception cref="StorageException">The payload is missing.</exception>
    /// <exception cref="DamagedStoreException">The payload is damaged.</exception>
    public byte[] Get(string sha256)
    {
        var record = database.Read(() => database.Payloads.FindById(sha256)) ?? throw new StorageException($"payload {sha256} is not in the database");
        return Verified(record) ?? throw DamagedStoreException.In(database.Path, $"payload {sha256} no longer matches its SHA-256");
    }

    /// <summary>The payload's bytes when they decompress to exactly what its SHA-256 names; null when damaged.</summary>
    internal static byte[]? Verified(PayloadRecord record)
    {
        if (record.Length is < 0 or > MaxPayloadBytes || record.Compressed is null) return null;
        try
        {
            using var input = new BrotliStream(new MemoryStream(record.Compressed), CompressionMode.Decompress);
            var bytes = new byte[record.Length];
            input.ReadExactly(bytes);
            if (input.ReadByte() != -1) return null;
            return Convert.ToHexStringLower(SHA256.HashData(bytes)) == record.Sha256 ? bytes : null;
        }
        catch (Exception e) when (e is InvalidDataException or InvalidOperationException or EndOfStreamException or IOException or OutOfMemoryException)
        {
            return null;
        }
    }

    /// <summary>No snapshot is larger (the archive client refuses bodies far smaller); a larger length is damage.</summary>
    private const int MaxPayloadBytes = 1 << 28;

    public FetchedDigestRecord? FindFetched(string digest) => string.IsNullOrEmpty(digest) ? null : database.Read(() => database.FetchedDigests.FindById(digest));

    public void RememberFetched(FetchedDigestRecord record)
    {
        if (!string.IsNullOrEmpty(record.Digest)) database.Write(() => database.FetchedDigests.Upsert(record));
    }

    public int Count => database.Read(() => database.Payloads.Count());
}
