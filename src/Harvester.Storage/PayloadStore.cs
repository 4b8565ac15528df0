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

    /// <exception cref="StorageException">The payload is missing or damaged.</exception>
    public byte[] Get(string sha256)
    {
        var record = database.Read(() => database.Payloads.FindById(sha256)) ?? throw new StorageException($"payload {sha256} is not in the database");
        using var input = new BrotliStream(new MemoryStream(record.Compressed), CompressionMode.Decompress);
        var bytes = new byte[record.Length];
        input.ReadExactly(bytes);
        if (Convert.ToHexStringLower(SHA256.HashData(bytes)) != sha256) throw new StorageException($"payload {sha256} is damaged");
        return bytes;
    }

    public FetchedDigestRecord? FindFetched(string digest) => string.IsNullOrEmpty(digest) ? null : database.Read(() => database.FetchedDigests.FindById(digest));

    public void RememberFetched(FetchedDigestRecord record)
    {
        if (!string.IsNullOrEmpty(record.Digest)) database.Write(() => database.FetchedDigests.Upsert(record));
    }

    public int Count => database.Read(() => database.Payloads.Count());
}
