namespace Harvester.Storage.LiteDb;

/// <summary>
/// Raw snapshot payloads, content-addressed by SHA-256 and Brotli-compressed, each stored once; and which CDX
/// digests were already fetched, so that an unchanged page costs no new request.
/// </summary>
public sealed class LiteDbPayloadStore(LiteDbFile database) : IPayloadStore
{
    /// <summary>Stores <paramref name="bytes"/> unless already there; returns its SHA-256 (lower-case hex).</summary>
    public string Put(byte[] bytes)
    {
        var sha = PayloadCodec.Sha256(bytes);
        if (database.Read(() => database.Payloads.FindById(sha)) is not null) return sha;
        var record = PayloadCodec.Encode(bytes, sha);
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

    internal static byte[]? Verified(PayloadRecord record) => PayloadCodec.Verified(record);

    public FetchedDigestRecord? FindFetched(string digest) => string.IsNullOrEmpty(digest) ? null : database.Read(() => database.FetchedDigests.FindById(digest));

    public void RememberFetched(FetchedDigestRecord record)
    {
        if (!string.IsNullOrEmpty(record.Digest)) database.Write(() => database.FetchedDigests.Upsert(record));
    }

    public int Count => database.Read(() => database.Payloads.Count());
}
